#pragma once

// JavaScript's own text conversions where getEnvironmentDetails prints through them.

#include <cstdint>
#include <string>
#include <string_view>

namespace lapce_ai::prompts::js {

// String.prototype.trim: strips JS white space and line terminators (UTF-8 input).
std::string trim(std::string_view text);

// Number.prototype.toFixed(digits) for |value| < 1e21: the exact decimal value rounded half up
// (away from zero), e.g. 0.125 -> "0.13", 1.005 -> "1.00".
std::string to_fixed(double value, int digits);

// Date.prototype.toISOString for milliseconds since the epoch: "2025-09-30T13:41:00.000Z".
std::string iso_string(std::int64_t epoch_ms);

}  // namespace lapce_ai::prompts::js
