#pragma once

// Anthropic content → @google/genai Part[] / Content (src/api/transform/gemini-format.ts).
// Objects are built in the reference's key order; the SDK's request serialisation is the
// handler's business.

#include "ordered_json.h"

namespace lapce_ai::providers {

// text → {text}, base64 image → {inlineData}, tool_use → {functionCall}, tool_result →
// {functionResponse} (named after tool_use_id up to its first "-") followed by its images.
// Throws ProviderError{"Error", …} for a non-base64 image and for unsupported block types.
json::OrderedJson convert_anthropic_content_to_gemini(const json::OrderedJson& content);

// {role: "model" for assistant else "user", parts}
json::OrderedJson convert_anthropic_message_to_gemini(const json::OrderedJson& message);

}  // namespace lapce_ai::providers
