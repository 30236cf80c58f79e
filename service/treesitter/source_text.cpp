#include "source_text.h"

#include "js_utf16.h"

namespace lapce_ai::treesitter {

SourceText SourceText::from_utf8(std::string_view bytes) {
    return SourceText(prompts::utf8_to_utf16(bytes));
}

SourceText::SourceText(std::u16string text) : text_(std::move(text)) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == u'\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
    }
}

std::u16string_view SourceText::line(std::size_t index) const {
    if (index >= line_starts_.size()) return {};
    const std::size_t start = line_starts_[index];
    const std::size_t end =
        index + 1 < line_starts_.size() ? line_starts_[index + 1] - 1 : text_.size();
    return std::u16string_view(text_).substr(start, end - start);
}

std::string SourceText::line_utf8(std::size_t index) const {
    return prompts::utf16_to_utf8(line(index));
}

std::u16string_view SourceText::slice_bytes(std::uint32_t start_byte,
                                            std::uint32_t end_byte) const {
    const std::size_t start = std::min<std::size_t>(start_byte / 2, text_.size());
    const std::size_t end = std::min<std::size_t>(end_byte / 2, text_.size());
    return end > start ? std::u16string_view(text_).substr(start, end - start)
                       : std::u16string_view();
}

}  // namespace lapce_ai::treesitter
