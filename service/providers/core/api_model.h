#pragma once

// What a handler's get_model() returns: {id, info} plus, for most handlers, the result of
// getModelParams (src/api/transform/model-params.ts) spread into the same object.

#include <optional>
#include <string>

#include "model_info.h"
#include "ordered_json.h"

namespace lapce_ai::providers {

struct ModelParams {
    std::string format;  // "anthropic" | "openai" | "gemini" | "openrouter"
    std::optional<double> max_tokens;
    std::optional<double> temperature;
    std::optional<std::string> reasoning_effort;  // ReasoningEffortWithMinimal
    std::optional<double> reasoning_budget;
    std::optional<std::string> verbosity;
    json::OrderedJson reasoning;  // the format's reasoning params; null when undefined
};

struct ApiModel {
    std::string id;
    ModelInfo info;
    std::optional<ModelParams> params;
    // Fields some handlers add beside or instead of the params (e.g. only `temperature`), in
    // the order they appear; an object, or null.
    json::OrderedJson extra;

    // {id, info, ...params, ...extra}, undefined fields left out.
    json::OrderedJson to_json() const;
};

}  // namespace lapce_ai::providers
