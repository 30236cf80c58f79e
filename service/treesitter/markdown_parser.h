#pragma once

// parseMarkdown (src/services/tree-sitter/markdownParser.ts): headings and the line ranges of
// their sections, as captures processCaptures understands. No tree-sitter involved.

#include <vector>

#include "capture.h"
#include "source_text.h"

namespace lapce_ai::treesitter {

std::vector<Capture> parse_markdown(const SourceText& content);

}  // namespace lapce_ai::treesitter
