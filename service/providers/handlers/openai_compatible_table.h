#pragma once

// The fixed-host OpenAI-compatible providers of the reference: BaseOpenAiCompatibleProvider
// (src/api/providers/base-openai-compatible-provider.ts) and its subclasses groq, sambanova,
// fireworks, zai, io-intelligence, featherless, chutes and roo, plus xai.ts, which speaks the
// same Chat Completions dialect with a few differences. One row per provider says what its
// subclass changes; OpenAiCompatibleHandler runs them all.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api_handler.h"

namespace lapce_ai::providers {

// How getModel() picks the id and info.
enum class ModelLookup {
    // `apiModelId in table ? apiModelId : default`, info = table[id]
    KnownIdOrDefault,
    // `setting || default`, info = table[id] ?? table[default] (io-intelligence, roo)
    AnyIdDefaultInfo,
};

// Where reasoning text comes from, besides plain content.
enum class ReasoningSource {
    None,
    ReasoningContentString,  // roo: `typeof delta.reasoning_content === "string"`
    ReasoningContentTruthy,  // xai: `delta.reasoning_content` truthy
    // chutes, featherless: ids containing "DeepSeek-R1" take the R1 path (system prompt as the
    // first user message, R1 format, `<think>` tags through XmlMatcher, temperature 0.6).
    ThinkTagsForDeepSeekR1,
};

// How a usage object becomes a usage chunk (one per chunk that carries usage).
enum class UsageMapping {
    Plain,           // prompt_tokens || 0, completion_tokens || 0
    GroqCachedCost,  // + cache read from prompt_tokens_details, cache write 0, OpenAI-style cost
    XaiCache,        // + cache read / write from prompt_tokens_details or the direct fields
};

struct OpenAiCompatibleProvider {
    std::string api_provider;   // the name build_api_handler knows it by
    std::string provider_name;  // providerName: the prefix of handleOpenAIError
    // The base URL; a function of the settings and environment for zai (the API line) and roo
    // (ROO_CODE_PROVIDER_URL).
    std::function<std::string(const ProviderSettings&, const ProviderContext&)> base_url;
    // The key: settings[api_key_setting] (`?? api_key_default` when given); empty for roo, whose
    // key is the Roo Code Cloud session token || "unauthenticated".
    std::string api_key_setting;
    std::optional<std::string> api_key_default;
    // BaseOpenAiCompatibleProvider's `if (!apiKey) throw new Error("API key is required")`.
    bool api_key_required = true;
    // io-intelligence checks its key itself first, with its own message.
    std::optional<std::string> missing_key_message;
    // model_tables.h name of the table; zai picks "zai" or "zai-mainland" by the API line.
    std::function<std::string(const ProviderSettings&)> model_table;
    std::string model_id_setting = "apiModelId";
    ModelLookup model_lookup = ModelLookup::KnownIdOrDefault;
    double default_temperature = 0;
    std::string max_tokens_field = "max_tokens";  // info.maxTokens goes there
    bool stream_options = true;                   // stream_options: {include_usage: true}
    ReasoningSource reasoning = ReasoningSource::None;
    UsageMapping usage = UsageMapping::Plain;
    // xai: getModelParams("openai") joins getModel(), its reasoning params join the bodies.
    bool model_params = false;
    // xai awaits create() inside its try and wraps the failure with handleOpenAIError; the base
    // class's try/catch around the un-awaited promise never catches, so its errors pass raw.
    bool wrap_create_errors = false;
    bool task_id_header = false;  // roo: X-Roo-Task-ID from the metadata
};

// The row of `api_provider`; nullptr when it is not one of these providers.
const OpenAiCompatibleProvider* find_openai_compatible_provider(std::string_view api_provider);

}  // namespace lapce_ai::providers
