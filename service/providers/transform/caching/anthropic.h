#pragma once

// Anthropic-style prompt-cache markers on converted OpenAI messages
// (src/api/transform/caching/anthropic.ts).

#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers::caching::anthropic {

// In place: messages[0] becomes the system prompt as one text part with
// cache_control: ephemeral; every user message's string content becomes a text part; the last
// text part of the last two user messages gets cache_control (a "..." part is added when one
// has none).
void add_cache_breakpoints(std::string_view system_prompt, json::OrderedJson& messages);

}  // namespace lapce_ai::providers::caching::anthropic
