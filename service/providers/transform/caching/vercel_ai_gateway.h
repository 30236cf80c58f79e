#pragma once

// Prompt-cache markers for the Vercel AI Gateway on converted OpenAI messages
// (src/api/transform/caching/vercel-ai-gateway.ts).

#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers::caching::vercel_ai_gateway {

// In place: messages[0] becomes {role: "system", content: system prompt, cache_control}; of the
// last two user messages, a non-empty string content becomes a text part and the last text part
// with non-empty text gets cache_control.
void add_cache_breakpoints(std::string_view system_prompt, json::OrderedJson& messages);

}  // namespace lapce_ai::providers::caching::vercel_ai_gateway
