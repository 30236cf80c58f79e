#pragma once

// Usage and cost of a Responses API call (OpenAiNativeHandler.normalizeUsage and
// applyServiceTierPricing in src/api/providers/openai-native.ts).

#include <optional>
#include <string>

#include "api_stream.h"
#include "model_info.h"
#include "ordered_json.h"

namespace lapce_ai::providers {

// The model info with the prices of the named service tier (`info.tiers[].name`) where that tier
// sets them; the info unchanged for no tier, "default" or a tier the model does not list.
ModelInfo apply_service_tier_pricing(const ModelInfo& info, const std::optional<std::string>& tier);

// The usage chunk for a Responses (or Chat Completions) usage object, priced with
// calculateApiCostOpenAI at `effective_tier`; nullopt when `usage` is falsy. Input tokens stay the
// total (cache reads included); cache reads come from `input_tokens_details.cached_tokens`.
std::optional<ApiStreamUsage> normalize_usage(const json::OrderedJson* usage, const ModelInfo& info,
                                              const std::optional<std::string>& effective_tier);

}  // namespace lapce_ai::providers
