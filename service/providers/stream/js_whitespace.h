#pragma once

// What String.prototype.trim() removes (WhiteSpace and LineTerminator of ECMAScript), on UTF-8.

#include <cstddef>
#include <string_view>

namespace lapce_ai::providers {

// The length of the whitespace character text starts with; 0 when it starts with none (or with
// an incomplete sequence).
std::size_t js_whitespace_length(std::string_view text);

// True when text is the incomplete beginning of a multi-byte whitespace character.
bool starts_js_whitespace(std::string_view text);

// String.prototype.trim() of well-formed UTF-8.
std::string_view js_trim(std::string_view text);

}  // namespace lapce_ai::providers
