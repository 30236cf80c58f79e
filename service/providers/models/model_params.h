#pragma once

// getModelParams (src/api/transform/model-params.ts): max tokens, temperature, reasoning budget
// or effort, verbosity and the format's reasoning parameters for one model and its settings.

#include <string_view>

#include "api_model.h"
#include "model_info.h"
#include "provider_settings.h"
#include "reasoning_params.h"
#include "reasoning_support.h"

namespace lapce_ai::providers {

// `format`: "anthropic" | "openai" | "gemini" | "openrouter".
ModelParams get_model_params(std::string_view format, std::string_view model_id,
                             const ModelInfo& model, const ProviderSettings& settings,
                             double default_temperature = 0);

}  // namespace lapce_ai::providers
