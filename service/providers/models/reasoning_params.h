#pragma once

// The reasoning parameters of each request format (src/api/transform/reasoning.ts). Each returns
// the object the reference builds, or null for undefined; a field whose value is undefined is
// left out, as JSON.stringify leaves it out of the request body.

#include <optional>
#include <string>

#include "model_info.h"
#include "ordered_json.h"
#include "provider_settings.h"

namespace lapce_ai::providers {

struct GetModelReasoningOptions {
    const ModelInfo& model;
    std::optional<double> reasoning_budget;
    std::optional<std::string> reasoning_effort;  // ReasoningEffortWithMinimal
    const ProviderSettings& settings;
};

// {max_tokens} for budget models, {effort} for effort models with an effort, else null.
json::OrderedJson get_open_router_reasoning(const GetModelReasoningOptions& options);
// {type: "enabled", budget_tokens} for budget models, else null.
json::OrderedJson get_anthropic_reasoning(const GetModelReasoningOptions& options);
// {reasoning_effort} for effort models unless the effort is "minimal", else null.
json::OrderedJson get_open_ai_reasoning(const GetModelReasoningOptions& options);
// {thinkingBudget, includeThoughts: true} for budget models, else null.
json::OrderedJson get_gemini_reasoning(const GetModelReasoningOptions& options);

}  // namespace lapce_ai::providers
