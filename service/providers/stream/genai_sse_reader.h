#pragma once

// The server-sent-events reader of @google/genai 1.3.0 (ApiClient.processStreamResponse), which
// the reference's Gemini and Vertex handlers stream through. It is no SSE parser: the text read
// so far must match /^data: (.*)(?:\n\n|\r\r|\r\n\r\n)/ at its very start; each match yields
// its payload and is cut off. Anything else at the start (a comment, an `event:` line, a data
// event of two lines, a third newline, a U+2028 inside the payload, which `.` does not match)
// stops the matching for good: the rest of the body is only collected, and at the end a rest
// that is not all whitespace (String.prototype.trim) makes the SDK throw
// Error("Incomplete JSON segment at the end").
//
// The SDK decodes each network read with its own TextDecoder.decode call, so a character split
// between two reads turns into U+FFFD there; reads are not reproducible, so the bytes are taken
// as they come (callers decode payloads with replacement) and only a BOM at the very start is
// dropped, as the first decode call drops it. Also per read, the SDK tries JSON.parse on the whole
// read and throws a ClientError / ServerError when it is an object with an `error` code: that is
// the caller's business.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "expected.h"
#include "function_ref.h"
#include "stream_decode_error.h"

namespace lapce_ai::providers {

class GenaiSseReader {
  public:
    explicit GenaiSseReader(std::size_t max_bytes = kDefaultStreamDecodeLimit);

    // The payload of one match (match[1]); a view valid during the callback only.
    using PayloadSink = FunctionRef<void(std::string_view)>;

    // Yields each payload completed by bytes. A payload longer than max_bytes is an error, after
    // which the reader takes no more input.
    Expected<void, StreamDecodeError> feed(std::string_view bytes, PayloadSink on_payload);

    // The end of the body: false when the SDK throws "Incomplete JSON segment at the end".
    bool finish();

  private:
    enum class Match { Found, NeedMore, Never, TooLong };

    Match match_at_start(std::string_view text, std::string_view& payload, std::size_t& length);
    void stop_matching(std::string_view rest);
    void collect_stopped(std::string_view bytes);

    std::size_t max_bytes_;
    std::size_t bom_bytes_seen_ = 0;
    bool bom_undecided_ = true;
    std::string buffer_;
    std::size_t scanned_ = 0;  // bytes of buffer_ known to hold no line terminator
    bool stopped_ = false;
    // Once matching stopped: whether anything but whitespace came, and an incomplete
    // multi-byte character held back until it is known to be whitespace or not.
    bool stopped_with_content_ = false;
    std::string stopped_partial_;
    std::optional<StreamDecodeError> error_;
};

}  // namespace lapce_ai::providers
