#pragma once

// The step the Anthropic and Gemini cache markers share: `cache_control: ephemeral` on the last
// text part of a user message's content array, after appending a "..." text part when it has none.

#include "ordered_json.h"

namespace lapce_ai::providers::caching {

json::OrderedJson ephemeral_cache_control();

// `message.content` must be an array; other contents are left alone (as the reference does).
void mark_last_text_part(json::OrderedJson& message);

}  // namespace lapce_ai::providers::caching
