#pragma once

// processCaptures (src/services/tree-sitter/index.ts): the definition lines of a file from the
// captures of its query (or of the markdown parser).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture.h"
#include "source_text.h"

namespace lapce_ai::treesitter {

// MIN_COMPONENT_LINES: definitions spanning fewer lines are left out.
inline constexpr std::uint32_t kMinComponentLines = 4;

// Lines "<start>--<end> | <first line>\n"; nullopt where the reference returns null. Sorts
// `captures` (stably, by start row) in place as the reference does. `language` is the file's
// extension without the dot (jsx and tsx filter HTML elements) or "markdown".
std::optional<std::string> process_captures(std::vector<Capture>& captures, const SourceText& lines,
                                            std::string_view language);

}  // namespace lapce_ai::treesitter
