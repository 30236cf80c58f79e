#pragma once

// Compares two JSON values as the golden README asks: equal structure and strings, numbers
// equal within a relative 1e-12, absent and undefined alike (our side never emits null for
// undefined). Returns "at <path>: expected … actual …" for the first difference.

#include <string>

#include "ordered_json.h"

namespace lapce_ai::parity {

std::string json_difference(const json::OrderedJson& expected, const json::OrderedJson& actual,
                            const std::string& path = "$");

}  // namespace lapce_ai::parity
