#include "http1_response_parser.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace lapce_ai::providers {

namespace {

std::string_view trim_whitespace(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

bool is_token_char(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Calls `each` with every comma-separated element of the named header's values, trimmed.
template <typename Each>
void for_each_list_element(const Http1ResponseHead& head, std::string_view name, Each&& each) {
    for (const auto& [header, value] : head.headers) {
        if (!equals_ignoring_case(std::string_view(header.data(), header.size()), name)) continue;
        std::string_view rest(value.data(), value.size());
        while (true) {
            const std::size_t comma = rest.find(',');
            each(trim_whitespace(rest.substr(0, comma)));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
}

std::optional<std::uint64_t> parse_decimal(std::string_view text) {
    std::uint64_t value = 0;
    if (text.empty() || text.size() > 18) return std::nullopt;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<std::uint64_t> parse_chunk_size(std::string_view line) {
    line = trim_whitespace(line.substr(0, line.find(';')));  // chunk extensions are ignored
    std::uint64_t value = 0;
    if (line.empty() || line.size() > 15) return std::nullopt;
    const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), value, 16);
    if (error != std::errc() || end != line.data() + line.size()) return std::nullopt;
    return value;
}

}  // namespace

bool Http1ResponseParser::take_line(std::string_view& input, std::size_t& consumed,
                                    std::size_t limit, std::string_view& line) {
    const std::size_t newline = input.find('\n');
    const std::size_t take = newline == std::string_view::npos ? input.size() : newline + 1;
    if (line_.size() + take > limit) {
        overflow_ = true;
        return false;
    }
    if (newline == std::string_view::npos) {
        line_.append(input);
        consumed += take;
        input = {};
        return false;
    }
    if (line_.empty()) {
        line = input.substr(0, newline);
    } else {
        line_.append(input.substr(0, newline));
        line = line_;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    consumed += take;
    input.remove_prefix(take);
    return true;
}

Http1ResponseParser::Step Http1ResponseParser::fail(std::size_t consumed, std::string message) {
    state_ = State::Failed;
    keep_alive_ = false;
    error_ = std::move(message);
    return {Event::Error, consumed, {}};
}

bool Http1ResponseParser::parse_status_line(std::string_view line) {
    // HTTP/1.x SSS[ reason]
    if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[7] < '0' || line[7] > '9' ||
        line[8] != ' ')
        return false;
    int status = 0;
    for (std::size_t i = 9; i < 12; ++i) {
        if (line[i] < '0' || line[i] > '9') return false;
        status = status * 10 + (line[i] - '0');
    }
    if (status < 100 || (line.size() > 12 && line[12] != ' ')) return false;
    head_ = Http1ResponseHead{};
    head_.minor_version = line[7] - '0';
    head_.status = status;
    if (line.size() > 13) {
        const std::string_view reason = line.substr(13);
        head_.reason = QByteArray(reason.data(), static_cast<qsizetype>(reason.size()));
    }
    return true;
}

bool Http1ResponseParser::parse_header_line(std::string_view line) {
    if (line.front() == ' ' || line.front() == '\t') {
        // An obsolete folded continuation of the previous header's value.
        if (head_.headers.empty()) return false;
        const std::string_view more = trim_whitespace(line);
        if (more.find('\r') != std::string_view::npos) return false;
        QByteArray& value = head_.headers.back().second;
        value += ' ';
        value.append(more.data(), static_cast<qsizetype>(more.size()));
        return true;
    }
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return false;
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_token_char)) return false;
    const std::string_view value = trim_whitespace(line.substr(colon + 1));
    if (value.find('\r') != std::string_view::npos) return false;  // a bare CR
    head_.headers.emplace_back(QByteArray(name.data(), static_cast<qsizetype>(name.size())),
                               QByteArray(value.data(), static_cast<qsizetype>(value.size())));
    return true;
}

bool Http1ResponseParser::start_body() {
    bool close = false;
    bool keep_alive_token = false;
    for_each_list_element(head_, "connection", [&](std::string_view token) {
        close = close || equals_ignoring_case(token, "close");
        keep_alive_token = keep_alive_token || equals_ignoring_case(token, "keep-alive");
    });
    keep_alive_ = !close && (head_.minor_version >= 1 || keep_alive_token);

    if (head_request_ || head_.status == 204 || head_.status == 304) {
        state_ = State::Done;
        return true;
    }
    bool has_transfer_encoding = false;
    std::string_view last_coding;
    for_each_list_element(head_, "transfer-encoding", [&](std::string_view coding) {
        has_transfer_encoding = true;
        last_coding = coding;
    });
    if (has_transfer_encoding) {
        // Transfer-Encoding with Content-Length, or from an HTTP/1.0 server: the framing is
        // suspect (RFC 9112 6.1, 6.3), so the connection ends with this response.
        bool has_length = false;
        for_each_list_element(head_, "content-length",
                              [&](std::string_view) { has_length = true; });
        if (has_length || head_.minor_version == 0) keep_alive_ = false;
        if (equals_ignoring_case(last_coding, "chunked")) {
            state_ = State::ChunkSize;
        } else {
            state_ = State::BodyUntilClose;
            keep_alive_ = false;
        }
        return true;
    }
    std::optional<std::uint64_t> length;
    bool length_valid = true;
    bool has_length = false;
    for_each_list_element(head_, "content-length", [&](std::string_view text) {
        has_length = true;
        const std::optional<std::uint64_t> value = parse_decimal(text);
        if (!value || (length && *length != *value)) length_valid = false;
        if (value) length = value;
    });
    if (has_length) {
        if (!length_valid || !length) return false;
        remaining_ = *length;
        state_ = remaining_ == 0 ? State::Done : State::FixedBody;
        return true;
    }
    state_ = State::BodyUntilClose;
    keep_alive_ = false;
    return true;
}

Http1ResponseParser::Step Http1ResponseParser::next(std::string_view input) {
    std::size_t consumed = 0;
    if (!input.empty()) started_ = true;
    for (;;) {
        std::string_view line;
        switch (state_) {
            case State::StatusLine:
            case State::HeaderLines:
            case State::Trailers: {
                const std::size_t earlier_part = line_.size();  // of this line, from before
                const std::size_t before = consumed;
                const bool got_line = take_line(input, consumed, kMaxHeadBytes - head_bytes_, line);
                if (overflow_) return fail(consumed, "response head larger than 64 KiB");
                if (!got_line) return {Event::NeedMore, consumed, {}};
                head_bytes_ += earlier_part + (consumed - before);
                if (state_ == State::Trailers) {
                    if (line.empty()) state_ = State::Done;
                } else if (state_ == State::StatusLine) {
                    if (!parse_status_line(line))
                        return fail(consumed, "malformed HTTP status line");
                    state_ = State::HeaderLines;
                } else if (!line.empty()) {
                    const bool folded = line.front() == ' ' || line.front() == '\t';
                    if (!folded && head_.headers.size() == kMaxHeaderFields)
                        return fail(consumed, "more than 100 HTTP header fields");
                    if (!parse_header_line(line)) return fail(consumed, "malformed HTTP header");
                } else if (head_.status < 200) {
                    if (head_.status == 101)
                        return fail(consumed, "unexpected 101 Switching Protocols");
                    // An interim response: the final one follows, within the same limit.
                    state_ = State::StatusLine;
                } else {
                    head_bytes_ = 0;
                    if (!start_body()) return fail(consumed, "invalid Content-Length");
                    line_.clear();
                    return {Event::Head, consumed, {}};
                }
                line_.clear();
                break;
            }
            case State::FixedBody:
            case State::ChunkData:
            case State::BodyUntilClose: {
                if (input.empty()) return {Event::NeedMore, consumed, {}};
                std::size_t take = input.size();
                if (state_ != State::BodyUntilClose) {
                    take = static_cast<std::size_t>(
                        std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(take)));
                    remaining_ -= take;
                    if (remaining_ == 0)
                        state_ = state_ == State::FixedBody ? State::Done : State::ChunkDataEnd;
                }
                return {Event::Body, consumed + take, input.substr(0, take)};
            }
            case State::ChunkSize:
            case State::ChunkDataEnd: {
                const bool got_line = take_line(input, consumed, kMaxChunkLineBytes, line);
                if (overflow_) return fail(consumed, "chunk size line too long");
                if (!got_line) return {Event::NeedMore, consumed, {}};
                if (state_ == State::ChunkDataEnd) {
                    if (!line.empty()) return fail(consumed, "chunk data not followed by CRLF");
                    state_ = State::ChunkSize;
                } else {
                    const std::optional<std::uint64_t> size = parse_chunk_size(line);
                    if (!size) return fail(consumed, "invalid chunk size");
                    remaining_ = *size;
                    state_ = remaining_ == 0 ? State::Trailers : State::ChunkData;
                }
                line_.clear();
                break;
            }
            case State::Done:
                return {Event::Complete, consumed, {}};
            case State::Failed:
                return {Event::Error, consumed, {}};
        }
    }
}

Http1ResponseParser::Step Http1ResponseParser::end_of_input() {
    if (state_ == State::BodyUntilClose) state_ = State::Done;
    if (state_ == State::Done) return {Event::Complete, 0, {}};
    if (state_ == State::Failed) return {Event::Error, 0, {}};
    return fail(0, started_ ? "connection closed before the response was complete"
                            : "connection closed before a response");
}

}  // namespace lapce_ai::providers
