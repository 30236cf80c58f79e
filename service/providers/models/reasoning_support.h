#pragma once

// The reasoning and max-output-token rules of src/shared/api.ts that every handler shares.

#include <optional>
#include <string_view>

#include "model_info.h"
#include "provider_settings.h"

namespace lapce_ai::providers {

inline constexpr double DEFAULT_HYBRID_REASONING_MODEL_MAX_TOKENS = 16'384;
inline constexpr double DEFAULT_HYBRID_REASONING_MODEL_THINKING_TOKENS = 8'192;
inline constexpr double GEMINI_25_PRO_MIN_THINKING_TOKENS = 128;
// packages/types/src/providers/claude-code.ts (the only constant used from that file).
inline constexpr double CLAUDE_CODE_DEFAULT_MAX_OUTPUT_TOKENS = 16'000;

// `settings` absent in the reference behaves as empty settings here.
bool should_use_reasoning_budget(const ModelInfo& model,
                                 const ProviderSettings& settings = ProviderSettings());
bool should_use_reasoning_effort(const ModelInfo& model,
                                 const ProviderSettings& settings = ProviderSettings());

// getModelMaxOutputTokens; `format` is "anthropic" | "openai" | "gemini" | "openrouter", or
// nullopt when the caller gives none. nullopt result = undefined.
std::optional<double> get_model_max_output_tokens(
    std::string_view model_id, const ModelInfo& model,
    const ProviderSettings& settings = ProviderSettings(),
    std::optional<std::string_view> format = std::nullopt);

}  // namespace lapce_ai::providers
