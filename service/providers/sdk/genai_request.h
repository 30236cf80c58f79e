#pragma once

// The request side of @google/genai 1.3.0's Models module for the fields the reference's Gemini
// handlers pass: the transformers tModel, tContents and tContent, and the converters to the
// Gemini API ("mldev") and Vertex AI wire formats. The converters copy the known fields of each
// object in their own key order and leave out null ones; they throw the SDK's errors (as
// ProviderError "Error") for what a format does not support.

#include <optional>
#include <string>
#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers {

// GenerateContentConfig, the fields the handlers set (undefined ones empty / null).
struct GenerateContentConfig {
    std::optional<std::string> system_instruction;
    std::optional<std::string> base_url;  // httpOptions.baseUrl
    json::OrderedJson thinking_config;    // ThinkingConfig object, null when undefined
    std::optional<double> max_output_tokens;
    std::optional<double> temperature;
    json::OrderedJson tools;  // Tool[] (urlContext, googleSearch), null when undefined
};

// tModel: "models/<id>" for the Gemini API, "publishers/google/models/<id>" for Vertex AI
// (ids already starting with a resource prefix stay as they are).
std::string genai_model_resource(std::string_view model, bool vertexai);

// generateContentParametersToMldev / ToVertex without `_url`: {contents, systemInstruction?,
// tools?, generationConfig}. `contents` is a ContentListUnion (here Content[]).
json::OrderedJson generate_content_body(const json::OrderedJson& contents,
                                        const GenerateContentConfig& config, bool vertexai);

// countTokensParametersToMldev / ToVertex without `_url`: {contents}.
json::OrderedJson count_tokens_body(const json::OrderedJson& contents, bool vertexai);

}  // namespace lapce_ai::providers
