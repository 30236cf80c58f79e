#include "line_buffer.h"

namespace lapce_ai::providers {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

LineBuffer::LineBuffer(Terminators terminators, std::size_t max_line_bytes, bool strip_leading_bom)
    : terminators_(terminators),
      max_line_bytes_(max_line_bytes),
      bom_undecided_(strip_leading_bom) {}

// A leading BOM may arrive a byte at a time: hold its bytes back until they are known.
std::string_view LineBuffer::take_leading_bom(std::string_view bytes) {
    while (bom_undecided_ && !bytes.empty()) {
        if (bytes.front() != kByteOrderMark[bom_bytes_seen_]) {
            if (!settle_leading_bom()) return {};
            break;
        }
        bytes.remove_prefix(1);
        if (++bom_bytes_seen_ == kByteOrderMark.size()) bom_undecided_ = false;
    }
    return bytes;
}

// Not a BOM after all: the bytes held back start the first line (they hold no terminator) and
// count against its limit like any other byte.
bool LineBuffer::settle_leading_bom() {
    if (!bom_undecided_) return true;
    bom_undecided_ = false;
    return keep(kByteOrderMark.substr(0, bom_bytes_seen_));
}

bool LineBuffer::keep(std::string_view piece) {
    if (rest_.size() + piece.size() > max_line_bytes_) {
        error_ = StreamDecodeError{StreamDecodeError::Kind::LineTooLong, max_line_bytes_};
        rest_.clear();
        rest_.shrink_to_fit();
        return false;
    }
    rest_.append(piece);
    return true;
}

bool LineBuffer::deliver(std::string_view piece, FunctionRef<bool(std::string_view)> on_line) {
    if (rest_.empty()) {
        if (piece.size() > max_line_bytes_) return keep(piece);  // reports the error
        return on_line(piece);
    }
    if (!keep(piece)) return false;
    const bool go_on = on_line(rest_);
    rest_.clear();
    return go_on;
}

std::size_t LineBuffer::find_line_end(std::string_view bytes) const {
    // Two memchr scans: find_first_of would test every byte against the set one call at a time.
    const std::size_t line_feed = bytes.find('\n');
    if (terminators_ == Terminators::LineFeed) return line_feed;
    const std::size_t carriage_return = bytes.substr(0, line_feed).find('\r');
    return carriage_return != std::string_view::npos ? carriage_return : line_feed;
}

bool LineBuffer::feed(std::string_view bytes, FunctionRef<bool(std::string_view)> on_line) {
    if (error_) return false;
    bytes = take_leading_bom(bytes);
    if (error_) return false;
    while (!bytes.empty()) {
        if (skip_line_feed_) {
            skip_line_feed_ = false;
            if (bytes.front() == '\n') {
                bytes.remove_prefix(1);
                continue;
            }
        }
        const std::size_t end = find_line_end(bytes);
        if (end == std::string_view::npos) return keep(bytes);
        skip_line_feed_ = bytes[end] == '\r';
        if (!deliver(bytes.substr(0, end), on_line)) return false;
        bytes.remove_prefix(end + 1);
    }
    return true;
}

std::string_view LineBuffer::rest() {
    settle_leading_bom();
    return rest_;
}

}  // namespace lapce_ai::providers
