#pragma once

// A file's text as the reference holds it: fs.readFile(path, "utf8") gives a JavaScript string
// (UTF-16, invalid bytes as U+FFFD, a byte order mark kept), which tree-sitter parses as UTF-16LE
// and `split("\n")` cuts into the lines the output quotes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lapce_ai::treesitter {

class SourceText {
  public:
    SourceText() : SourceText(std::u16string()) {}
    static SourceText from_utf8(std::string_view bytes);
    explicit SourceText(std::u16string text);

    std::u16string_view text() const { return text_; }
    // text.split("\n"): as many lines as newlines plus one.
    std::size_t line_count() const { return line_starts_.size(); }
    std::u16string_view line(std::size_t index) const;
    std::string line_utf8(std::size_t index) const;
    // The text of a node from its byte offsets in the UTF-16LE input.
    std::u16string_view slice_bytes(std::uint32_t start_byte, std::uint32_t end_byte) const;

  private:
    std::u16string text_;
    std::vector<std::uint32_t> line_starts_;
};

}  // namespace lapce_ai::treesitter
