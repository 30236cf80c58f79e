#pragma once

// Incremental parser of one HTTP/1.1 response read from a socket: the status line and headers,
// then the body as its framing says (chunked, Content-Length, or until the connection closes).
// Interim 1xx responses are skipped. Bytes are consumed as they come; only an unfinished line is
// kept, bounded (kMaxHeadBytes for the heads, interim ones included, and trailers;
// kMaxChunkLineBytes for a chunk size), so a hostile peer cannot grow it; so is the number of
// header fields. Body bytes are handed out as views into the input.

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lapce_ai::providers {

struct Http1ResponseHead {
    int minor_version = 1;  // HTTP/1.<minor>
    int status = 0;
    QByteArray reason;
    std::vector<std::pair<QByteArray, QByteArray>> headers;  // names as sent, in order
};

class Http1ResponseParser {
  public:
    static constexpr std::size_t kMaxHeadBytes = 64 * 1024;
    static constexpr std::size_t kMaxChunkLineBytes = 4 * 1024;
    static constexpr std::size_t kMaxHeaderFields = 100;  // as Qt's HTTP/1.1 reader

    enum class Event {
        NeedMore,  // every byte given was consumed; the message goes on
        Head,      // head() holds the final response's status and headers
        Body,      // Step::body holds the next body bytes
        Complete,  // the message ended; Step::consumed may be less than the input
        Error,     // error() says why; the connection is unusable
    };
    struct Step {
        Event event = Event::NeedMore;
        std::size_t consumed = 0;
        std::string_view body;
    };

    // `head_request`: the response to HEAD has no body whatever its headers say.
    explicit Http1ResponseParser(bool head_request = false) : head_request_(head_request) {}

    // Consumes bytes from the front of `input` up to the next event.
    Step next(std::string_view input);
    // The connection closed: completes a body that runs until close; anything else unfinished is
    // an error (Event::Error with error()).
    Step end_of_input();

    const Http1ResponseHead& head() const { return head_; }
    // Bytes of an unfinished line held between inputs (at most the line limits).
    std::size_t buffered_bytes() const { return line_.size(); }
    const std::string& error() const { return error_; }
    // The connection may carry another request once this response is complete.
    bool keep_alive() const { return keep_alive_; }
    // Some of the response arrived (a reused connection that failed before this was not at fault
    // for a request the server never saw).
    bool started() const { return started_; }

  private:
    enum class State {
        StatusLine,
        HeaderLines,
        FixedBody,
        BodyUntilClose,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Done,
        Failed
    };

    // Collects one line (without CR LF) across inputs; `limit` bounds it. False: more needed.
    bool take_line(std::string_view& input, std::size_t& consumed, std::size_t limit,
                   std::string_view& line);
    Step fail(std::size_t consumed, std::string message);
    bool parse_status_line(std::string_view line);
    bool parse_header_line(std::string_view line);
    bool start_body();  // after the head: picks the framing; false on a bad Content-Length

    State state_ = State::StatusLine;
    bool head_request_;
    bool started_ = false;
    bool keep_alive_ = false;
    bool overflow_ = false;        // a line went past its limit
    std::size_t head_bytes_ = 0;   // of the head (or trailers) so far
    std::uint64_t remaining_ = 0;  // body or chunk bytes still to come
    std::string line_;             // an unfinished line
    Http1ResponseHead head_;
    std::string error_;
};

}  // namespace lapce_ai::providers
