#pragma once

// The line reader the reference writes by hand around fetch for the streams it reads without an
// SDK (openai-native.ts handleStreamResponse, cerebras.ts createMessage):
//     buffer += decoder.decode(value, { stream: true })
//     const lines = buffer.split("\n")
//     buffer = lines.pop() || ""
// Every line ended by "\n" is yielded as it is (a "\r" before the "\n" stays, empty lines too);
// the callers pick the "data: " lines themselves. The streaming TextDecoder drops a BOM at the
// start of the body. What is left unterminated when the body ends is dropped, as the reference
// never reads it.

#include <cstddef>
#include <string_view>

#include "expected.h"
#include "function_ref.h"
#include "line_buffer.h"
#include "stream_decode_error.h"

namespace lapce_ai::providers {

class LineSplitter {
  public:
    explicit LineSplitter(std::size_t max_line_bytes = kDefaultStreamDecodeLimit);

    // A view valid during the callback only.
    using LineSink = FunctionRef<void(std::string_view)>;

    // Yields each line completed by bytes. A line longer than max_line_bytes is an error, after
    // which the splitter takes no more input.
    Expected<void, StreamDecodeError> feed(std::string_view bytes, LineSink on_line);

  private:
    LineBuffer lines_;
};

}  // namespace lapce_ai::providers
