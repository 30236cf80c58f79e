#pragma once

#include <string>
#include <string_view>

namespace lapce_ai::prompts {

// src/utils/path.ts String.prototype.toPosix(): every backslash becomes a slash, except in a
// Windows extended-length path ("\\?\..."), which is returned unchanged.
std::string to_posix(std::string_view path);

}  // namespace lapce_ai::prompts
