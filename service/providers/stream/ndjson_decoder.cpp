#include "ndjson_decoder.h"

namespace lapce_ai::providers {

NdjsonDecoder::NdjsonDecoder(std::size_t max_line_bytes)
    : lines_(LineBuffer::Terminators::LineFeed, max_line_bytes, true) {}

Expected<void, StreamDecodeError> NdjsonDecoder::feed(std::string_view bytes, LineSink on_line) {
    const bool fed = lines_.feed(bytes, [&](std::string_view line) {
        on_line(line);
        return true;
    });
    if (!fed) return unexpected(*lines_.error());
    return {};
}

Expected<void, StreamDecodeError> NdjsonDecoder::finish(LineSink on_line) {
    const std::string_view rest = lines_.rest();
    if (lines_.error()) return unexpected(*lines_.error());
    if (!rest.empty()) on_line(rest);
    return {};
}

}  // namespace lapce_ai::providers
