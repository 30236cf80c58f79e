#pragma once

// JavaScript string semantics the prompt layer relies on.

#include <string>
#include <string_view>

namespace lapce_ai::prompts {

// String.prototype.trim(): strips JS white space and line terminators (UTF-8 input).
std::string_view js_trim(std::string_view text);

// src/utils/path.ts toPosixPath (String.prototype.toPosix): backslashes become slashes, except in
// Windows extended-length paths ("\\?\...") which are returned unchanged.
std::string to_posix(std::string_view path);

}  // namespace lapce_ai::prompts
