#include "model_params.h"

#include <cmath>
#include <string>

namespace lapce_ai::providers {

ModelParams get_model_params(std::string_view format, std::string_view model_id,
                             const ModelInfo& model, const ProviderSettings& settings,
                             double default_temperature) {
    const std::optional<double> custom_max_thinking_tokens =
        settings.number("modelMaxThinkingTokens");
    const std::optional<std::string> custom_reasoning_effort = settings.string("reasoningEffort");

    ModelParams params;
    params.format = std::string(format);
    params.max_tokens = get_model_max_output_tokens(model_id, model, settings, format);
    params.temperature = settings.number("modelTemperature").value_or(default_temperature);
    params.verbosity = settings.string("verbosity");

    if (should_use_reasoning_budget(model, settings)) {
        const bool is_gemini_25_pro = model_id.find("gemini-2.5-pro") != std::string_view::npos;
        const double default_thinking_tokens = is_gemini_25_pro
                                                   ? GEMINI_25_PRO_MIN_THINKING_TOKENS
                                                   : DEFAULT_HYBRID_REASONING_MODEL_THINKING_TOKENS;
        double reasoning_budget = custom_max_thinking_tokens.value_or(default_thinking_tokens);

        // At most 80% of maxTokens (which budget models always have).
        const std::optional<double>& max_tokens = params.max_tokens;
        if (max_tokens && *max_tokens != 0 && !std::isnan(*max_tokens) &&
            reasoning_budget > std::floor(*max_tokens * 0.8)) {
            reasoning_budget = std::floor(*max_tokens * 0.8);
        }

        const double min_thinking_tokens =
            is_gemini_25_pro ? GEMINI_25_PRO_MIN_THINKING_TOKENS : 1024;
        if (reasoning_budget < min_thinking_tokens) reasoning_budget = min_thinking_tokens;
        params.reasoning_budget = reasoning_budget;

        // Hybrid reasoning models are assumed to need temperature 1.0, as Anthropic's do.
        params.temperature = 1.0;
    } else if (should_use_reasoning_effort(model, settings)) {
        params.reasoning_effort =
            custom_reasoning_effort ? custom_reasoning_effort : model.string("reasoningEffort");
    }

    const GetModelReasoningOptions reasoning_options{model, params.reasoning_budget,
                                                     params.reasoning_effort, settings};
    if (format == "anthropic") {
        params.reasoning = get_anthropic_reasoning(reasoning_options);
    } else if (format == "openai") {
        // o1 and o3-mini do not support temperature.
        if (model_id.starts_with("o1") || model_id.starts_with("o3-mini")) {
            params.temperature = std::nullopt;
        }
        params.reasoning = get_open_ai_reasoning(reasoning_options);
    } else if (format == "gemini") {
        params.reasoning = get_gemini_reasoning(reasoning_options);
    } else {
        // o1-pro does not support temperature (OpenRouter's supported_parameters say otherwise).
        if (model_id == "openai/o1-pro") params.temperature = std::nullopt;
        params.reasoning = get_open_router_reasoning(reasoning_options);
    }
    return params;
}

}  // namespace lapce_ai::providers
