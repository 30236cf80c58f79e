#pragma once

// JavaScript's reading of JSON objects, for the handlers' translations of lines such as
// `chunk.choices[0]?.delta ?? {}` or `usage?.prompt_tokens || 0`.

#include <optional>
#include <string>
#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers {

// `value?.[key]`: nullptr when `value` is null, not an object, or lacks the key.
const json::OrderedJson* js_get(const json::OrderedJson* value, std::string_view key);
// `value?.[index]`: nullptr when not an array or out of range.
const json::OrderedJson* js_at(const json::OrderedJson* value, std::size_t index);
// Boolean(value) of a JSON value; nullptr (undefined) is false.
bool js_truthy(const json::OrderedJson* value);
// `value || fallback` for a number.
double js_number_or(const json::OrderedJson* value, double fallback);
// The number when `value` is one and truthy (`value || undefined`).
std::optional<double> js_truthy_number(const json::OrderedJson* value);
// The number when `value` is a number (`value ?? undefined`, ignoring null).
std::optional<double> js_number(const json::OrderedJson* value);
// The string when `value` is one.
std::optional<std::string> js_string(const json::OrderedJson* value);

inline json::OrderedJson js_object() {
    return json::OrderedJson::object({});
}

}  // namespace lapce_ai::providers
