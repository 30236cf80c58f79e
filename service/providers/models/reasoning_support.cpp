#include "reasoning_support.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include "model_tables.h"

namespace lapce_ai::providers {
namespace {

// `!!model.key`
bool truthy(const ModelInfo& model, std::string_view key) {
    const json::OrderedJson* value = model.value(key);
    return value != nullptr && json::js_truthy(*value);
}

// `value || fallback` for a numeric setting or field.
double or_default(std::optional<double> value, double fallback) {
    return value && *value != 0 && !std::isnan(*value) ? *value : fallback;
}

// A numeric field as JavaScript arithmetic sees it: undefined → NaN.
double number_or_nan(const ModelInfo& model, std::string_view key) {
    return model.number(key).value_or(std::numeric_limits<double>::quiet_NaN());
}

// Math.min(a, b): NaN when either is NaN.
double js_min(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::quiet_NaN();
    return std::min(a, b);
}

std::string ascii_lower(std::string_view text) {
    std::string lower(text);
    std::ranges::transform(lower, lower.begin(),
                           [](unsigned char c) { return char(std::tolower(c)); });
    return lower;
}

double anthropic_default_max_tokens() {
    static const double value = model_constant_number("ANTHROPIC_DEFAULT_MAX_TOKENS");
    return value;
}

}  // namespace

bool should_use_reasoning_budget(const ModelInfo& model, const ProviderSettings& settings) {
    return truthy(model, "requiredReasoningBudget") ||
           (truthy(model, "supportsReasoningBudget") && settings.truthy("enableReasoningEffort"));
}

bool should_use_reasoning_effort(const ModelInfo& model, const ProviderSettings& settings) {
    if (settings.boolean("enableReasoningEffort") == false) return false;
    return (truthy(model, "supportsReasoningEffort") && settings.truthy("reasoningEffort")) ||
           truthy(model, "reasoningEffort");
}

std::optional<double> get_model_max_output_tokens(std::string_view model_id, const ModelInfo& model,
                                                  const ProviderSettings& settings,
                                                  std::optional<std::string_view> format) {
    if (settings.string("apiProvider") == "claude-code") {
        return or_default(settings.number("claudeCodeMaxOutputTokens"),
                          CLAUDE_CODE_DEFAULT_MAX_OUTPUT_TOKENS);
    }

    if (should_use_reasoning_budget(model, settings)) {
        return or_default(settings.number("modelMaxTokens"),
                          DEFAULT_HYBRID_REASONING_MODEL_MAX_TOKENS);
    }

    const bool is_anthropic_context =
        model_id.find("claude") != std::string_view::npos || format == "anthropic" ||
        (format == "openrouter" && model_id.starts_with("anthropic/"));

    // Hybrid reasoning models get the Anthropic default instead of their own maxTokens.
    if (truthy(model, "supportsReasoningBudget") && is_anthropic_context) {
        return anthropic_default_max_tokens();
    }

    if (is_anthropic_context && !truthy(model, "maxTokens")) return anthropic_default_max_tokens();

    if (const double max_tokens = or_default(model.number("maxTokens"), 0); max_tokens != 0) {
        // GPT-5 models keep their full configured max output tokens.
        if (ascii_lower(model_id).find("gpt-5") != std::string::npos) return max_tokens;
        return js_min(max_tokens, std::ceil(number_or_nan(model, "contextWindow") * 0.2));
    }

    if (format && !format->empty()) return std::nullopt;

    return anthropic_default_max_tokens();
}

}  // namespace lapce_ai::providers
