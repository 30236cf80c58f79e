#pragma once

// API cost of one request from the model's prices per million tokens (src/shared/cost.ts),
// with the reference's floating-point order of operations.

#include <optional>
#include <string>

#include "model_info.h"
#include "ordered_json.h"

namespace lapce_ai::providers {

// Anthropic-style usage: `input_tokens` does not include the cached tokens.
double calculate_api_cost_anthropic(const ModelInfo& model_info, double input_tokens,
                                    double output_tokens,
                                    std::optional<double> cache_creation_input_tokens = {},
                                    std::optional<double> cache_read_input_tokens = {});

// OpenAI-style usage: `input_tokens` includes the cache writes and reads, which are subtracted
// (never below 0) before pricing the rest as plain input.
double calculate_api_cost_openai(const ModelInfo& model_info, double input_tokens,
                                 double output_tokens,
                                 std::optional<double> cache_creation_input_tokens = {},
                                 std::optional<double> cache_read_input_tokens = {});

// parseApiPrice: a per-token price (number or numeric string, as model lists send it) as the
// price per million tokens; nullopt for a falsy price. A string is read like parseFloat.
std::optional<double> parse_api_price(const json::OrderedJson& price);

// parseFloat(text): the longest decimal prefix after leading white space, NaN when none.
double js_parse_float(const std::string& text);

}  // namespace lapce_ai::providers
