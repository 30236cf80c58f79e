#include "genai_sse_reader.h"

#include <algorithm>
#include <array>

#include "js_whitespace.h"

namespace lapce_ai::providers {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kPrefix = "data: ";
// The alternatives after the payload, in the order the regular expression tries them.
constexpr std::array<std::string_view, 3> kEnds = {"\n\n", "\r\r", "\r\n\r\n"};
// LINE SEPARATOR and PARAGRAPH SEPARATOR, which `.` does not match either.
constexpr std::string_view kLineSeparator = "\xE2\x80\xA8";
constexpr std::string_view kParagraphSeparator = "\xE2\x80\xA9";

}  // namespace

GenaiSseReader::GenaiSseReader(std::size_t max_bytes) : max_bytes_(max_bytes) {}

GenaiSseReader::Match GenaiSseReader::match_at_start(std::string_view text,
                                                     std::string_view& payload,
                                                     std::size_t& length) {
    if (text.size() < kPrefix.size()) {
        return kPrefix.starts_with(text) ? Match::NeedMore : Match::Never;
    }
    if (!text.starts_with(kPrefix)) return Match::Never;
    // `.*` runs to the first line terminator; only there can an alternative follow.
    // The part scanned by an earlier feed holds no terminator: fed a byte at a time, a long
    // payload is still scanned once.
    std::size_t end = std::max(kPrefix.size(), scanned_);
    for (; end < text.size(); ++end) {
        const char c = text[end];
        if (c == '\n' || c == '\r') break;
        if (c == '\xE2') {
            const std::string_view here = text.substr(end, 3);
            if (here == kLineSeparator || here == kParagraphSeparator) return Match::Never;
            if (here.size() < 3 && kLineSeparator.starts_with(here)) {
                scanned_ = end;
                return Match::NeedMore;
            }
        }
        // Decided by the bytes alone, however they were cut: a payload byte past the limit.
        if (end - kPrefix.size() >= max_bytes_) return Match::TooLong;
    }
    if (end == text.size()) {
        scanned_ = end;
        return Match::NeedMore;
    }
    const std::string_view after = text.substr(end);
    bool could_follow = false;
    for (std::string_view ending : kEnds) {
        if (after.starts_with(ending)) {
            payload = text.substr(kPrefix.size(), end - kPrefix.size());
            length = end + ending.size();
            return Match::Found;
        }
        if (ending.starts_with(after)) could_follow = true;
    }
    return could_follow ? Match::NeedMore : Match::Never;
}

Expected<void, StreamDecodeError> GenaiSseReader::feed(std::string_view bytes,
                                                       PayloadSink on_payload) {
    if (error_) return unexpected(*error_);
    while (bom_undecided_ && !bytes.empty()) {
        if (bytes.front() != kByteOrderMark[bom_bytes_seen_]) {
            bom_undecided_ = false;
            buffer_.append(kByteOrderMark.substr(0, bom_bytes_seen_));
            break;
        }
        bytes.remove_prefix(1);
        if (++bom_bytes_seen_ == kByteOrderMark.size()) bom_undecided_ = false;
    }
    if (stopped_) {
        collect_stopped(bytes);
        return {};
    }
    // Without held bytes the slice is matched where it lies; only an unmatched rest is copied.
    const bool held = !buffer_.empty();
    if (held) buffer_.append(bytes);
    const std::string_view text = held ? std::string_view(buffer_) : bytes;
    std::size_t consumed = 0;
    while (true) {
        std::string_view payload;
        std::size_t length = 0;
        const Match match = match_at_start(text.substr(consumed), payload, length);
        if (match == Match::NeedMore) break;
        if (match == Match::TooLong) {
            error_ = StreamDecodeError{StreamDecodeError::Kind::EventTooLong, max_bytes_};
            buffer_.clear();
            buffer_.shrink_to_fit();
            return unexpected(*error_);
        }
        if (match == Match::Never) {
            stop_matching(text.substr(consumed));
            buffer_.clear();
            buffer_.shrink_to_fit();
            return {};
        }
        on_payload(payload);
        consumed += length;
        scanned_ = 0;
    }
    // What is left is bounded: "data: ", at most max_bytes of payload and part of an ending.
    if (held) {
        buffer_.erase(0, consumed);
    } else {
        buffer_.assign(text.substr(consumed));
    }
    return {};
}

void GenaiSseReader::stop_matching(std::string_view rest) {
    stopped_ = true;
    collect_stopped(rest);
}

// After matching stopped, only whether the rest trims to nothing is still needed.
void GenaiSseReader::collect_stopped(std::string_view bytes) {
    if (stopped_with_content_) return;
    std::string joined;
    if (!stopped_partial_.empty()) {
        joined = stopped_partial_ + std::string(bytes);
        bytes = joined;
        stopped_partial_.clear();
    }
    while (!bytes.empty()) {
        const std::size_t length = js_whitespace_length(bytes);
        if (length > 0) {
            bytes.remove_prefix(length);
            continue;
        }
        if (starts_js_whitespace(bytes)) {
            stopped_partial_.assign(bytes);
            return;
        }
        stopped_with_content_ = true;
        return;
    }
}

bool GenaiSseReader::finish() {
    if (bom_undecided_) {
        bom_undecided_ = false;
        buffer_.append(kByteOrderMark.substr(0, bom_bytes_seen_));
    }
    if (!stopped_) {
        stopped_ = true;
        collect_stopped(buffer_);
        buffer_.clear();
    }
    // An incomplete character left at the end decodes to U+FFFD, which is no whitespace.
    return !stopped_with_content_ && stopped_partial_.empty();
}

}  // namespace lapce_ai::providers
