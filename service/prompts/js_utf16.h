#pragma once

// JavaScript strings are sequences of UTF-16 code units; the reference's lengths, indexes and
// slices count those. These convert our UTF-8 strings to and from that form the way Node does.

#include <string>
#include <string_view>

namespace lapce_ai::prompts {

// Buffer.toString("utf8"): each ill-formed byte sequence (maximal subpart) becomes U+FFFD
// (decode_utf8_lossy), a byte order mark is kept.
std::u16string utf8_to_utf16(std::string_view text);

// Buffer.from(string) / TextEncoder: a surrogate pair becomes its code point, a lone surrogate
// becomes U+FFFD.
std::string utf16_to_utf8(std::u16string_view text);

}  // namespace lapce_ai::prompts
