// libFuzzer harness for Http1ResponseParser (the bytes an HTTP/1.1 server sends back).
//
// Input: [0] bit 0 says the request was HEAD, bit 1 that the connection closes after the bytes;
// [1, 9) a table of slice sizes used cyclically (0 = everything left); then the response bytes.
// Parsed whole and in those slices, the response must give the same head, the same body bytes
// and the same end (complete, with the same keep-alive answer, or the same error); the parser
// never holds more than its line limits, and a body framed by a Content-Length is complete with
// exactly that many bytes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "http1_response_parser.h"

namespace {

using namespace lapce_ai::providers;
using Event = Http1ResponseParser::Event;

constexpr std::size_t kPrefixBytes = 9;

struct Outcome {
    int status = 0;
    std::string head;  // headers joined, to compare
    std::string body;
    int heads = 0;
    bool complete = false;
    bool keep_alive = false;
    std::string error;
    bool operator==(const Outcome&) const = default;
};

// The Content-Length of a head with one such field, all digits, and no Transfer-Encoding.
std::optional<std::size_t> sole_content_length(const Http1ResponseHead& head) {
    std::optional<std::size_t> length;
    int fields = 0;
    for (const auto& [name, value] : head.headers) {
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) return std::nullopt;
        if (name.compare("content-length", Qt::CaseInsensitive) != 0) continue;
        bool digits = !value.isEmpty() && value.size() <= 12;
        for (const char c : value) digits = digits && c >= '0' && c <= '9';
        if (++fields > 1 || !digits) return std::nullopt;
        length = static_cast<std::size_t>(value.toULongLong());
    }
    return length;
}

Outcome run(bool head_request, bool closes, std::string_view bytes, const std::uint8_t* table,
            bool whole) {
    Http1ResponseParser parser(head_request);
    Outcome outcome;
    bool ended = false;
    const auto handle = [&](Http1ResponseParser::Step step) {
        switch (step.event) {
            case Event::Head:
                ++outcome.heads;
                outcome.status = parser.head().status;
                FUZZ_CHECK(outcome.status >= 200 && outcome.status <= 999);
                for (const auto& [name, value] : parser.head().headers)
                    outcome.head += name.toStdString() + ":" + value.toStdString() + "\n";
                break;
            case Event::Body:
                FUZZ_CHECK(!step.body.empty());
                FUZZ_CHECK(outcome.heads == 1);
                outcome.body.append(step.body);
                break;
            case Event::Complete:
                // A body framed by one Content-Length alone has exactly that many bytes.
                if (const std::optional<std::size_t> length = sole_content_length(parser.head());
                    length && !head_request && parser.head().status != 204 &&
                    parser.head().status != 304)
                    FUZZ_CHECK(outcome.body.size() == *length);
                outcome.complete = true;
                outcome.keep_alive = parser.keep_alive();
                ended = true;
                break;
            case Event::Error:
                FUZZ_CHECK(!parser.error().empty());
                outcome.error = parser.error();
                ended = true;
                break;
            case Event::NeedMore:
                break;
        }
    };
    std::size_t next = 0;
    while (!bytes.empty() && !ended) {
        std::size_t size = whole ? 0 : table[next++ % 8];
        if (size == 0 || size > bytes.size()) size = bytes.size();
        std::string_view slice = bytes.substr(0, size);
        bytes.remove_prefix(size);
        while (!ended) {
            const Http1ResponseParser::Step step = parser.next(slice);
            FUZZ_CHECK(step.consumed <= slice.size());
            FUZZ_CHECK(parser.buffered_bytes() <= Http1ResponseParser::kMaxHeadBytes);
            slice.remove_prefix(step.consumed);
            handle(step);
            if (step.event == Event::NeedMore) {
                FUZZ_CHECK(slice.empty());
                break;
            }
        }
    }
    if (!ended && closes) handle(parser.end_of_input());
    return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < kPrefixBytes) return 0;
    const bool head_request = (data[0] & 1) != 0;
    const bool closes = (data[0] & 2) != 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data + kPrefixBytes),
                                 size - kPrefixBytes);
    const Outcome whole = run(head_request, closes, bytes, data + 1, true);
    FUZZ_CHECK(whole == run(head_request, closes, bytes, data + 1, false));
    FUZZ_CHECK(whole.heads <= 1);
    FUZZ_CHECK(whole.body.size() <= bytes.size());
    if (head_request) FUZZ_CHECK(whole.body.empty());
    return 0;
}
