#pragma once

// The few JavaScript semantics the message transforms rely on when they read Anthropic message
// objects: property reads that yield undefined (nullptr here) or throw V8's TypeError on
// null/undefined, template-literal text, `===` against a string, and Object.entries order.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ordered_json.h"

namespace lapce_ai::providers::js {

// `value.key`: nullptr when the property is undefined. `value` nullptr stands for undefined; a
// read on undefined or null throws ProviderError{"TypeError", "Cannot read properties of …"}.
const json::OrderedJson* get(const json::OrderedJson* value, std::string_view key);
inline const json::OrderedJson* get(const json::OrderedJson& value, std::string_view key) {
    return get(&value, key);
}

// `value === "text"`.
bool is(const json::OrderedJson* value, std::string_view text);
bool is_string(const json::OrderedJson* value);
bool is_array(const json::OrderedJson* value);
// JavaScript truthiness, undefined (nullptr) being falsy.
bool truthy(const json::OrderedJson* value);

// Calls `expression.method(...)` on an array value: throws V8's TypeError when `value` is null,
// undefined or not an array ("… is not a function").
const json::OrderedJson& as_array(const json::OrderedJson* value, std::string_view expression,
                                  std::string_view method);

// `${value}` (String(value); undefined prints "undefined").
std::string text_of(const json::OrderedJson* value);

// Sets object[key] = value the way JSON.stringify will see it: an undefined value (nullptr)
// leaves the key out.
void set_defined(json::OrderedJson& object, std::string key, const json::OrderedJson* value);

// Object.entries(value) for a truthy value: an object's own keys (array-index keys ascending
// first, then insertion order), an array's indices, a string's UTF-16 code units (a lone
// surrogate kept as WTF-8); numbers and booleans have none.
std::vector<std::pair<std::string, json::OrderedJson>> object_entries(
    const json::OrderedJson& value);

// The UTF-16 length of a UTF-8 (WTF-8) string, as String.prototype.length counts.
std::size_t utf16_length(std::string_view text);

}  // namespace lapce_ai::providers::js
