#include "line_splitter.h"

namespace lapce_ai::providers {

LineSplitter::LineSplitter(std::size_t max_line_bytes)
    : lines_(LineBuffer::Terminators::LineFeed, max_line_bytes, true) {}

Expected<void, StreamDecodeError> LineSplitter::feed(std::string_view bytes, LineSink on_line) {
    const bool fed = lines_.feed(bytes, [&](std::string_view line) {
        on_line(line);
        return true;
    });
    if (!fed) return unexpected(*lines_.error());
    return {};
}

}  // namespace lapce_ai::providers
