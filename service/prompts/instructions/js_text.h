#pragma once

// JavaScript string semantics the reference relies on, for UTF-8 std::string.

#include <string>
#include <string_view>

namespace lapce_ai::prompts {

// String.prototype.trim(): strips the ECMAScript WhiteSpace and LineTerminator code points
// (ASCII space and controls, U+00A0, U+FEFF, the Zs category, U+2028, U+2029) from both ends.
std::string_view js_trim(std::string_view text);

// new TextDecoder("utf-8") / fs.readFile(path, "utf-8"): each maximal invalid subsequence
// becomes U+FFFD (WHATWG Encoding), a byte order mark is kept.
std::string decode_utf8_lossy(std::string_view bytes);

}  // namespace lapce_ai::prompts
