#pragma once

// The parts of the `diff` npm package (jsdiff 5.2.0, the version the reference locks) that
// createPrettyPatch uses: diffLines (jsdiff's variant of Myers' algorithm, with its tie-breaking
// and its add/remove reordering) and createPatch (unified format, 4 lines of context, the
// "Index:" header and the "\ No newline at end of file" markers), byte for byte.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lapce_ai::prompts::jsdiff {

struct Change {
    std::string value;  // the tokens (lines with their line breaks) joined
    std::size_t count = 0;
    bool added = false;
    bool removed = false;
};

// diffLines(oldStr, newStr) without options.
std::vector<Change> diff_lines(std::string_view old_str, std::string_view new_str);

// createPatch(fileName, oldStr, newStr) without headers or options.
std::string create_patch(std::string_view file_name, std::string_view old_str,
                         std::string_view new_str);

}  // namespace lapce_ai::prompts::jsdiff
