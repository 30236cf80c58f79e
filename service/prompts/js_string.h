#pragma once

// JavaScript string semantics the prompt layer relies on.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lapce_ai::prompts {

// String.prototype.trim(): strips JS white space and line terminators (UTF-8 input).
std::string_view js_trim(std::string_view text);
// js_trim of a string that is no longer needed untrimmed, without a copy.
void js_trim_in_place(std::string& text);

// src/utils/path.ts toPosixPath (String.prototype.toPosix): backslashes become slashes, except in
// Windows extended-length paths ("\\?\...") which are returned unchanged.
std::string to_posix(std::string_view path);

// Array.prototype.join on strings.
std::string js_join(const std::vector<std::string>& items, std::string_view separator);

// new TextDecoder("utf-8") / fs.readFile(path, "utf-8"): each maximal invalid subsequence
// becomes U+FFFD (WHATWG Encoding), a byte order mark is kept.
std::string decode_utf8_lossy(std::string_view bytes);

// Number.prototype.toFixed(digits) for |value| < 1e21: the exact decimal value rounded half up
// (away from zero), e.g. 0.125 -> "0.13", 1.005 -> "1.00".
std::string js_to_fixed(double value, int digits);

// Date.prototype.toISOString for milliseconds since the epoch: "2025-09-30T13:41:00.000Z".
std::string js_iso_string(std::int64_t epoch_ms);

}  // namespace lapce_ai::prompts
