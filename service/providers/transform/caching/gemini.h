#pragma once

// Gemini (via OpenRouter-style APIs) prompt-cache markers on converted OpenAI messages
// (src/api/transform/caching/gemini.ts).

#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers::caching::gemini {

// In place: the system prompt as messages[0] with cache_control; user string contents become a
// text part; every `frequency`-th user message (the 10th, 20th, … by default) gets cache_control
// on its last text part (a "..." part added when it has none). Frequency 0 marks none.
void add_cache_breakpoints(std::string_view system_prompt, json::OrderedJson& messages,
                           int frequency = 10);

}  // namespace lapce_ai::providers::caching::gemini
