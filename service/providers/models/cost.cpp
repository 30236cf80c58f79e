#include "cost.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace lapce_ai::providers {
namespace {

// `x || 0` for a number that may be undefined (NaN is falsy too).
double or_zero(std::optional<double> value) {
    return value && *value != 0 && !std::isnan(*value) ? *value : 0;
}

double calculate_api_cost_internal(const ModelInfo& model_info, double input_tokens,
                                   double output_tokens, double cache_creation_input_tokens,
                                   double cache_read_input_tokens) {
    const double cache_writes_cost =
        (or_zero(model_info.cache_writes_price()) / 1'000'000) * cache_creation_input_tokens;
    const double cache_reads_cost =
        (or_zero(model_info.cache_reads_price()) / 1'000'000) * cache_read_input_tokens;
    const double base_input_cost = (or_zero(model_info.input_price()) / 1'000'000) * input_tokens;
    const double output_cost = (or_zero(model_info.output_price()) / 1'000'000) * output_tokens;
    return cache_writes_cost + cache_reads_cost + base_input_cost + output_cost;
}

// Math.max(0, x): NaN stays NaN.
double js_max_zero(double value) {
    if (std::isnan(value)) return value;
    return std::max(0.0, value);
}

}  // namespace

// parseFloat: the longest prefix (after leading whitespace) that reads as a decimal number or
// "Infinity"; NaN when there is none.
double js_parse_float(const std::string& text) {
    std::size_t start = text.find_first_not_of(" \t\n\v\f\r");
    if (start == std::string::npos) return std::numeric_limits<double>::quiet_NaN();
    std::size_t position = start;
    if (text[position] == '+' || text[position] == '-') ++position;
    if (text.compare(position, 8, "Infinity") == 0) {
        return text[start] == '-' ? -std::numeric_limits<double>::infinity()
                                  : std::numeric_limits<double>::infinity();
    }
    const auto is_digit = [&](std::size_t i) {
        return i < text.size() && text[i] >= '0' && text[i] <= '9';
    };
    std::size_t end = position;
    bool digits = false;
    while (is_digit(end)) ++end, digits = true;
    if (end < text.size() && text[end] == '.') {
        ++end;
        while (is_digit(end)) ++end, digits = true;
    }
    if (!digits) return std::numeric_limits<double>::quiet_NaN();
    if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
        std::size_t exponent = end + 1;
        if (exponent < text.size() && (text[exponent] == '+' || text[exponent] == '-')) ++exponent;
        if (is_digit(exponent)) {
            end = exponent;
            while (is_digit(end)) ++end;
        }
    }
    // strtod on the validated prefix only: it would also accept hex and "inf", which JS does not.
    return std::strtod(text.substr(start, end - start).c_str(), nullptr);
}

double calculate_api_cost_anthropic(const ModelInfo& model_info, double input_tokens,
                                    double output_tokens,
                                    std::optional<double> cache_creation_input_tokens,
                                    std::optional<double> cache_read_input_tokens) {
    return calculate_api_cost_internal(model_info, input_tokens, output_tokens,
                                       or_zero(cache_creation_input_tokens),
                                       or_zero(cache_read_input_tokens));
}

double calculate_api_cost_openai(const ModelInfo& model_info, double input_tokens,
                                 double output_tokens,
                                 std::optional<double> cache_creation_input_tokens,
                                 std::optional<double> cache_read_input_tokens) {
    const double cache_creation = or_zero(cache_creation_input_tokens);
    const double cache_read = or_zero(cache_read_input_tokens);
    const double non_cached_input_tokens = js_max_zero(input_tokens - cache_creation - cache_read);
    return calculate_api_cost_internal(model_info, non_cached_input_tokens, output_tokens,
                                       cache_creation, cache_read);
}

std::optional<double> parse_api_price(const json::OrderedJson& price) {
    if (!json::js_truthy(price)) return std::nullopt;
    // parseFloat(price) converts a non-string to its String() form first.
    const std::string text = price.is_string() ? price.as_string() : json::js_to_string(price);
    return js_parse_float(text) * 1'000'000;
}

}  // namespace lapce_ai::providers
