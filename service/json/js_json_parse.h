#pragma once

// JSON.parse as Node v20 (V8 11.3) runs it on a JavaScript string, with V8's error messages: the
// reference shows them to the user (a provider's malformed stream chunk, a tool call's arguments),
// so the text must match, e.g. "Unterminated string in JSON at position 55" or
// "Unexpected token 'x', "[1,x]" is not valid JSON".

#include <string>
#include <string_view>

#include "expected.h"
#include "ordered_json.h"

namespace lapce_ai::json {

// The JavaScript string is utf8_text decoded as TextDecoder / response.text() decode it: each
// invalid UTF-8 sequence becomes U+FFFD (a leading byte order mark stays, JSON.parse rejects it).
// The value is parse_ordered_json's on that text. A message's position counts UTF-16 code units
// of the decoded string, and its source excerpt is cut on code units as V8 cuts it: half of a
// surrogate pair is kept as its 3-byte WTF-8 form, as OrderedJson keeps lone surrogates.
// V8 has no nesting limit; beyond parse_ordered_json's 512 levels its error message is returned.
Expected<OrderedJson, std::string> js_json_parse(std::string_view utf8_text);

}  // namespace lapce_ai::json
