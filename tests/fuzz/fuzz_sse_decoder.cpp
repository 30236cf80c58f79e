// libFuzzer harness for the server-sent-events decoders (SseDecoder in its three dialects,
// GenaiSseReader, LineSplitter).
//
// Input: [0] selects the limit (low 2 bits) from kLimits, [1, 9) a table of slice sizes used
// cyclically (0 = everything left), then the body. Each decoder reads the body whole and in those
// slices: both must give the same events (or payloads, or lines) and stop with the same error;
// nothing delivered may exceed the limit.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "genai_sse_reader.h"
#include "line_splitter.h"
#include "sse_decoder.h"

namespace {

using namespace lapce_ai::providers;

constexpr std::size_t kPrefixBytes = 9;
constexpr std::size_t kLimits[4] = {kDefaultStreamDecodeLimit, 64, 8, 1};

struct Outcome {
    std::vector<std::string> items;
    std::optional<StreamDecodeError::Kind> error;
    bool clean_end = false;
    bool operator==(const Outcome&) const = default;
};

template <typename Feed>
void feed_sliced(std::string_view body, const std::uint8_t* table, bool whole, Feed feed) {
    std::size_t next = 0;
    while (!body.empty()) {
        std::size_t size = whole ? 0 : table[next++ % 8];
        if (size == 0 || size > body.size()) size = body.size();
        if (!feed(body.substr(0, size))) return;
        body.remove_prefix(size);
    }
}

Outcome run_sse(SseDecoder::Dialect dialect, std::size_t limit, std::string_view body,
                const std::uint8_t* table, bool whole) {
    SseDecoder decoder(dialect, limit);
    Outcome outcome;
    const auto on_event = [&](const SseEvent& event) {
        FUZZ_CHECK(event.data.size() <= limit);
        std::string item = event.event ? "event=" + std::string(*event.event) : "no event";
        item += "|" + std::string(event.data) + "|" + std::string(event.last_event_id);
        outcome.items.push_back(std::move(item));
    };
    feed_sliced(body, table, whole, [&](std::string_view slice) {
        auto fed = decoder.feed(slice, on_event);
        if (!fed) outcome.error = fed.error().kind;
        return fed.has_value();
    });
    if (!outcome.error) {
        auto finished = decoder.finish(on_event);
        if (!finished) outcome.error = finished.error().kind;
    }
    return outcome;
}

Outcome run_genai(std::size_t limit, std::string_view body, const std::uint8_t* table, bool whole) {
    GenaiSseReader reader(limit);
    Outcome outcome;
    feed_sliced(body, table, whole, [&](std::string_view slice) {
        auto fed = reader.feed(slice, [&](std::string_view payload) {
            FUZZ_CHECK(payload.size() <= limit);
            FUZZ_CHECK(payload.find_first_of("\r\n") == std::string_view::npos);
            outcome.items.emplace_back(payload);
        });
        if (!fed) outcome.error = fed.error().kind;
        return fed.has_value();
    });
    if (!outcome.error) outcome.clean_end = reader.finish();
    return outcome;
}

Outcome run_lines(std::size_t limit, std::string_view body, const std::uint8_t* table, bool whole) {
    LineSplitter splitter(limit);
    Outcome outcome;
    feed_sliced(body, table, whole, [&](std::string_view slice) {
        auto fed = splitter.feed(slice, [&](std::string_view line) {
            FUZZ_CHECK(line.size() <= limit);
            FUZZ_CHECK(line.find('\n') == std::string_view::npos);
            outcome.items.emplace_back(line);
        });
        if (!fed) outcome.error = fed.error().kind;
        return fed.has_value();
    });
    return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < kPrefixBytes) return 0;
    const std::size_t limit = kLimits[data[0] & 3];
    const std::uint8_t* table = data + 1;
    const std::string_view body(reinterpret_cast<const char*>(data + kPrefixBytes),
                                size - kPrefixBytes);
    for (auto dialect : {SseDecoder::Dialect::Whatwg, SseDecoder::Dialect::OpenAiSdk,
                         SseDecoder::Dialect::AnthropicSdk}) {
        FUZZ_CHECK(run_sse(dialect, limit, body, table, true) ==
                   run_sse(dialect, limit, body, table, false));
    }
    FUZZ_CHECK(run_genai(limit, body, table, true) == run_genai(limit, body, table, false));
    FUZZ_CHECK(run_lines(limit, body, table, true) == run_lines(limit, body, table, false));
    return 0;
}
