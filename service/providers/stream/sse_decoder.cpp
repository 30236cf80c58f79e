#include "sse_decoder.h"

#include <algorithm>
#include <limits>

namespace lapce_ai::providers {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool all_ascii_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

SseDecoder::SseDecoder(Dialect dialect, std::size_t max_bytes)
    : dialect_(dialect),
      max_bytes_(max_bytes),
      lines_(LineBuffer::Terminators::AnyNewline, max_bytes, dialect == Dialect::Whatwg) {}

Expected<void, StreamDecodeError> SseDecoder::feed(std::string_view bytes, EventSink on_event) {
    if (!error_) {
        lines_.feed(bytes, [&](std::string_view line) { return process_line(line, on_event); });
        if (!error_ && lines_.error()) error_ = lines_.error();
    }
    if (error_) return unexpected(*error_);
    return {};
}

Expected<void, StreamDecodeError> SseDecoder::finish(EventSink on_event) {
    if (!error_ && dialect_ != Dialect::Whatwg) {
        // LineDecoder.flush(): the unterminated last line is read like any other line.
        const std::string_view rest = lines_.rest();
        if (lines_.error()) {
            error_ = lines_.error();
        } else if (!rest.empty()) {
            process_line(rest, on_event);
        }
    }
    if (error_) return unexpected(*error_);
    return {};
}

bool SseDecoder::process_line(std::string_view line, EventSink on_event) {
    if (dialect_ == Dialect::OpenAiSdk && line.starts_with(kByteOrderMark)) {
        line.remove_prefix(kByteOrderMark.size());
    }
    if (line.empty()) return dispatch(on_event);
    if (line.front() == ':') return true;
    std::string_view field = line;
    std::string_view value;
    if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (value.starts_with(' ')) value.remove_prefix(1);
    }
    if (field == "data") return append_data(value);
    set_field(field, value);
    return true;
}

bool SseDecoder::append_data(std::string_view value) {
    // Both ways join the lines with "\n": the standard appends "\n" to each and drops the last.
    const std::size_t separator = data_lines_ > 0 ? 1 : 0;
    if (data_.size() + separator + value.size() > max_bytes_) {
        error_ = StreamDecodeError{StreamDecodeError::Kind::EventTooLong, max_bytes_};
        data_.clear();
        data_.shrink_to_fit();
        return false;
    }
    if (separator) data_ += '\n';
    data_.append(value);
    ++data_lines_;
    return true;
}

void SseDecoder::set_field(std::string_view field, std::string_view value) {
    if (field == "event") {
        event_.assign(value);
        has_event_ = true;
        return;
    }
    if (dialect_ != Dialect::Whatwg) return;
    if (field == "id") {
        if (value.find('\0') == std::string_view::npos) last_event_id_.assign(value);
    } else if (field == "retry" && all_ascii_digits(value)) {
        std::uint64_t milliseconds = 0;
        for (char c : value) {
            const auto digit = static_cast<std::uint64_t>(c - '0');
            if (milliseconds > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
                milliseconds = std::numeric_limits<std::uint64_t>::max();
                break;
            }
            milliseconds = milliseconds * 10 + digit;
        }
        retry_ = milliseconds;
    }
}

bool SseDecoder::dispatch(EventSink on_event) {
    bool dispatches = false;
    SseEvent event;
    if (dialect_ == Dialect::Whatwg) {
        dispatches = data_lines_ > 0;
        event.event = has_event_ && !event_.empty() ? std::string_view(event_) : "message";
        event.last_event_id = last_event_id_;
    } else {
        // `if (!this.event && !this.data.length) return null`: an empty name counts as none.
        dispatches = (has_event_ && !event_.empty()) || data_lines_ > 0;
        if (has_event_) event.event = std::string_view(event_);
    }
    if (!dispatches) {
        // The SDKs return without a reset: an empty event name stays for the next event.
        if (dialect_ == Dialect::Whatwg) event_.clear();
        return true;
    }
    event.data = data_;
    on_event(event);
    data_.clear();
    data_lines_ = 0;
    event_.clear();
    has_event_ = false;
    return true;
}

}  // namespace lapce_ai::providers
