#pragma once

// JavaScript strings (UTF-16 code units) from and to the UTF-8 the service carries.

#include <string>
#include <string_view>

namespace lapce_ai::json {

// TextDecoder("utf-8").decode(bytes) without its BOM removal: each invalid sequence (its maximal
// subpart, as the Encoding Standard says) becomes one U+FFFD.
std::u16string js_string_from_utf8(std::string_view bytes);

// True when bytes are well-formed UTF-8 (no surrogate code points, no overlong forms).
bool is_well_formed_utf8(std::string_view bytes);

// UTF-8 of a JavaScript string; a lone surrogate is kept as its 3-byte WTF-8 form.
std::string wtf8_from_js_string(std::u16string_view units);

}  // namespace lapce_ai::json
