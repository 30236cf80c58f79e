// libFuzzer harness for NdjsonDecoder (ollama-js's line reader).
//
// Input: [0] selects the limit (low 2 bits) from kLimits, [1, 9) a table of slice sizes used
// cyclically (0 = everything left), then the body. The body read whole and in those slices must
// give the same lines and the same error; without an error, the lines joined with "\n" give the
// body back (less a leading BOM and a final "\n"), and no line holds a "\n" or exceeds the limit.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "ndjson_decoder.h"

namespace {

using namespace lapce_ai::providers;

constexpr std::size_t kPrefixBytes = 9;
constexpr std::size_t kLimits[4] = {kDefaultStreamDecodeLimit, 64, 8, 1};

struct Outcome {
    std::vector<std::string> lines;
    bool too_long = false;
    bool operator==(const Outcome&) const = default;
};

Outcome run(std::size_t limit, std::string_view body, const std::uint8_t* table, bool whole) {
    NdjsonDecoder decoder(limit);
    Outcome outcome;
    const auto on_line = [&](std::string_view line) {
        FUZZ_CHECK(line.size() <= limit);
        FUZZ_CHECK(line.find('\n') == std::string_view::npos);
        outcome.lines.emplace_back(line);
    };
    std::size_t next = 0;
    while (!body.empty() && !outcome.too_long) {
        std::size_t size = whole ? 0 : table[next++ % 8];
        if (size == 0 || size > body.size()) size = body.size();
        if (!decoder.feed(body.substr(0, size), on_line)) outcome.too_long = true;
        body.remove_prefix(size);
    }
    if (!outcome.too_long && !decoder.finish(on_line)) outcome.too_long = true;
    return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < kPrefixBytes) return 0;
    const std::size_t limit = kLimits[data[0] & 3];
    std::string_view body(reinterpret_cast<const char*>(data + kPrefixBytes), size - kPrefixBytes);
    const Outcome whole = run(limit, body, data + 1, true);
    FUZZ_CHECK(whole == run(limit, body, data + 1, false));
    if (whole.too_long) return 0;
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    std::string joined;
    for (const std::string& line : whole.lines) joined += line + "\n";
    if (!body.ends_with('\n') && !joined.empty()) joined.pop_back();
    FUZZ_CHECK(joined == body);
    return 0;
}
