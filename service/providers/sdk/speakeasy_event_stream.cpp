#include "speakeasy_event_stream.h"

#include "fetch_errors.h"
#include "js_string.h"
#include "stream_decode_error.h"

namespace lapce_ai::providers {

namespace {

bool is_newline(char c) {
    return c == '\n' || c == '\r';
}

// findBoundary: the length of the event boundary starting at `start`, 0 when none.
std::size_t find_boundary(const std::string& buffer, std::size_t start) {
    if (start + 1 >= buffer.size() || !is_newline(buffer[start]) || !is_newline(buffer[start + 1]))
        return 0;
    for (const std::string_view sequence :
         {std::string_view("\r\n\r\n"), std::string_view("\r\r"), std::string_view("\n\n")}) {
        if (std::string_view(buffer).substr(start, sequence.size()) == sequence)
            return sequence.size();
    }
    return 0;
}

// Uint8Array.prototype.slice(begin, end)
std::string slice(const std::string& buffer, std::size_t begin, std::size_t end) {
    end = std::min(end, buffer.size());
    return begin >= end ? std::string() : buffer.substr(begin, end - begin);
}

// parseInt(value, 10)
std::optional<double> parse_int(std::string_view value) {
    std::size_t i = 0;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t' || value[i] == '\n' ||
                                value[i] == '\r' || value[i] == '\f' || value[i] == '\v'))
        ++i;
    bool negative = false;
    if (i < value.size() && (value[i] == '+' || value[i] == '-')) negative = value[i++] == '-';
    double number = 0;
    const std::size_t digits_start = i;
    while (i < value.size() && value[i] >= '0' && value[i] <= '9')
        number = number * 10 + (value[i++] - '0');
    if (i == digits_start) return std::nullopt;
    return negative ? -number : number;
}

// new TextDecoder().decode(chunk): invalid sequences become U+FFFD, a leading BOM goes.
std::string decode_text(std::string_view chunk) {
    std::string text = json::wtf8_from_js_string(json::js_string_from_utf8(chunk));
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    return text;
}

}  // namespace

std::optional<SpeakeasyEvent> parse_speakeasy_event(std::string_view chunk) {
    if (chunk.empty()) return std::nullopt;
    const std::string raw = decode_text(chunk);
    bool publish = false;
    SpeakeasyEvent event;
    std::size_t line_start = 0;
    while (line_start <= raw.size()) {
        // raw.split(/\r?\n|\r/)
        std::size_t line_end = raw.find_first_of("\r\n", line_start);
        if (line_end == std::string::npos) line_end = raw.size();
        const std::string_view line =
            std::string_view(raw).substr(line_start, line_end - line_start);
        std::size_t next = line_end + 1;
        if (line_end < raw.size() && raw[line_end] == '\r' && next < raw.size() &&
            raw[next] == '\n')
            ++next;
        line_start = next;

        if (line.empty()) continue;
        const std::size_t delim = line.find(':');
        if (delim == 0) continue;
        const std::string_view field =
            delim != std::string_view::npos ? line.substr(0, delim) : std::string_view();
        std::string_view value =
            delim != std::string_view::npos ? line.substr(delim + 1) : std::string_view();
        if (value.starts_with(' ')) value.remove_prefix(1);
        if (field == "event") {
            publish = true;
            event.event = std::string(value);
        } else if (field == "data") {
            publish = true;
            if (!event.data) event.data.emplace();
            *event.data += std::string(value) + "\n";
        } else if (field == "id") {
            publish = true;
            event.id = std::string(value);
        } else if (field == "retry") {
            if (const auto retry = parse_int(value)) {
                publish = true;
                event.retry = *retry;
            }
        }
    }
    if (!publish) return std::nullopt;
    if (event.data) event.data->pop_back();
    return event;
}

std::vector<std::string> SpeakeasySentinelFilter::push(std::string_view bytes) {
    std::vector<std::string> enqueued;
    if (discard_) return enqueued;
    buffer_ += bytes;
    for (std::size_t i = position_; i < buffer_.size(); ++i) {
        const std::size_t boundary = find_boundary(buffer_, i);
        if (boundary == 0) continue;
        const std::size_t start = position_;
        const std::string chunk = slice(buffer_, start, i);
        position_ = i + boundary;
        const std::optional<SpeakeasyEvent> event = parse_speakeasy_event(chunk);
        if (event && event->data == sentinel_) {
            enqueued.push_back(slice(buffer_, 0, start));
            discard_ = true;
        } else {
            enqueued.push_back(slice(buffer_, 0, position_));
            buffer_ = slice(buffer_, position_, buffer_.size());
            position_ = 0;
        }
    }
    return enqueued;
}

void SpeakeasyEventSplitter::feed(std::string_view chunk, std::vector<SpeakeasyEvent>& out) {
    buffer_ += chunk;
    for (std::size_t i = position_; i < buffer_.size(); ++i) {
        const std::size_t boundary = find_boundary(buffer_, i);
        if (boundary == 0) continue;
        const std::string piece = slice(buffer_, position_, i);
        position_ = i + boundary;
        if (std::optional<SpeakeasyEvent> event = parse_speakeasy_event(piece))
            out.push_back(std::move(*event));
    }
    if (position_ > 0) {
        buffer_ = slice(buffer_, position_, buffer_.size());
        position_ = 0;
    }
}

void SpeakeasyEventSplitter::finish(std::vector<SpeakeasyEvent>& out) {
    if (buffer_.empty()) return;
    if (std::optional<SpeakeasyEvent> event = parse_speakeasy_event(buffer_))
        out.push_back(std::move(*event));
    buffer_.clear();
}

SpeakeasyEventReader::SpeakeasyEventReader(HttpResponse& response, std::string sentinel)
    : response_(response), filter_(std::move(sentinel)) {}

Task<std::optional<SpeakeasyEvent>> SpeakeasyEventReader::next() {
    for (;;) {
        if (!ready_.empty()) {
            SpeakeasyEvent event = std::move(ready_.front());
            ready_.pop_front();
            co_return event;
        }
        if (ended_) co_return std::nullopt;
        std::optional<QByteArray> bytes;
        std::optional<ProviderError> failure;
        try {
            bytes = co_await response_.read_some();
        } catch (const TransportError& error) {
            failure = undici_fetch_error(error);
        }
        if (failure) throw *failure;
        std::vector<SpeakeasyEvent> events;
        if (bytes) {
            for (const std::string& chunk : filter_.push(
                     std::string_view(bytes->constData(), static_cast<std::size_t>(bytes->size()))))
                splitter_.feed(chunk, events);
        } else {
            splitter_.finish(events);  // what discardSentinel still buffers is dropped
            ended_ = true;
        }
        if (filter_.buffered() > kDefaultStreamDecodeLimit ||
            splitter_.buffered() > kDefaultStreamDecodeLimit) {
            response_.abort();
            throw ProviderError("Error", StreamDecodeError{StreamDecodeError::Kind::EventTooLong,
                                                           kDefaultStreamDecodeLimit}
                                             .message());
        }
        for (SpeakeasyEvent& event : events) ready_.push_back(std::move(event));
    }
}

}  // namespace lapce_ai::providers
