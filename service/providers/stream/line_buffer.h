#pragma once

// The incremental line reader under every stream decoder: bytes come in arbitrary slices, each
// complete line goes to a callback as a view (into the slice itself when the line lies within
// it, otherwise into the buffer that holds the unterminated rest). Only the unterminated rest is
// ever kept, and never more than the limit.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "function_ref.h"
#include "stream_decode_error.h"

namespace lapce_ai::providers {

class LineBuffer {
  public:
    enum class Terminators {
        LineFeed,    // "\n" only, as text.split("\n"); a "\r" stays in the line
        AnyNewline,  // "\r\n", "\n" or "\r", also when "\r\n" is split between two slices
    };

    LineBuffer(Terminators terminators, std::size_t max_line_bytes, bool strip_leading_bom);

    // Calls on_line for each line completed by bytes, without its terminator; on_line returns
    // false to stop. False when stopped or when the unterminated rest outgrew the limit (then
    // error() says so and the reader takes no more input).
    bool feed(std::string_view bytes, FunctionRef<bool(std::string_view)> on_line);

    // The bytes after the last terminator (at the end of the body: the unterminated last line);
    // empty, with error() set, when held-back bytes of a possible BOM alone exceed the limit.
    std::string_view rest();

    const std::optional<StreamDecodeError>& error() const { return error_; }

  private:
    std::size_t find_line_end(std::string_view bytes) const;
    bool deliver(std::string_view piece, FunctionRef<bool(std::string_view)> on_line);
    bool keep(std::string_view piece);
    std::string_view take_leading_bom(std::string_view bytes);
    bool settle_leading_bom();

    Terminators terminators_;
    std::size_t max_line_bytes_;
    bool bom_undecided_;
    std::size_t bom_bytes_seen_ = 0;
    bool skip_line_feed_ = false;
    std::string rest_;
    std::optional<StreamDecodeError> error_;
};

}  // namespace lapce_ai::providers
