#pragma once

// The newline-delimited JSON reader of ollama-js 0.5.17 (src/utils.ts parseJSON), which the
// reference's Ollama handler streams through:
//     buffer += decoder.decode(chunk)
//     const parts = buffer.split('\n'); buffer = parts.pop() ?? ''
//     for (const part of parts) try { yield JSON.parse(part) } catch { console.warn('invalid json:
//     ', part) }
// and at the end `buffer.split('\n').filter((p) => p !== '')`, i.e. the unterminated last line
// when it is not empty. This yields the texts it hands to JSON.parse: every line ended by "\n"
// (empty ones too, which JSON.parse rejects and the reader skips with its warning, a "\r" before
// the "\n" stays), then that last line; the callers parse. The SDK decodes each network read with
// its own TextDecoder.decode call; reads are not reproducible, so the bytes are taken as they come
// and only a BOM at the very start is dropped, as the first decode call drops it.

#include <cstddef>
#include <string_view>

#include "expected.h"
#include "function_ref.h"
#include "line_buffer.h"
#include "stream_decode_error.h"

namespace lapce_ai::providers {

class NdjsonDecoder {
  public:
    explicit NdjsonDecoder(std::size_t max_line_bytes = kDefaultStreamDecodeLimit);

    // A view valid during the callback only.
    using LineSink = FunctionRef<void(std::string_view)>;

    // Yields each line completed by bytes. A line longer than max_line_bytes is an error, after
    // which the decoder takes no more input.
    Expected<void, StreamDecodeError> feed(std::string_view bytes, LineSink on_line);

    // The end of the body: yields the unterminated last line unless it is empty.
    Expected<void, StreamDecodeError> finish(LineSink on_line);

  private:
    LineBuffer lines_;
};

}  // namespace lapce_ai::providers
