#pragma once

// The JavaScript reads the model fetchers apply to vendor model lists.

#include <optional>
#include <string>
#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers::fetcher_json {

// `value?.includes(item)`: an array holding the string, or a string containing it; nullopt
// when `value` is undefined or null (so that `?? false` can apply).
std::optional<bool> includes(const json::OrderedJson* value, std::string_view item);

// `value * 1000000` with JavaScript's number conversion of strings, booleans and null.
double times_million(const json::OrderedJson& value);

// Number(value) of a JSON value (NaN for objects and text that is not a number; an array reads
// as its elements joined with commas).
double to_number(const json::OrderedJson& value);

// `Boolean(value)` as a JSON boolean (undefined → false).
json::OrderedJson boolean_of(const json::OrderedJson* value);

}  // namespace lapce_ai::providers::fetcher_json
