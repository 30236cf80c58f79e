#pragma once

// The message preparation of src/api/providers/cerebras.ts: Cerebras takes plain string
// contents, so the OpenAI-format messages are flattened (images become "[Image]"), assistant
// messages lose their <think>…</think> blocks, and messages left empty are dropped.

#include <string>
#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers {

// stripThinkingTokens: every <think>…</think> block removed (shortest match), then trimmed.
std::string strip_thinking_tokens(std::string_view text);

// flattenMessageContent: a string as it is; an array's text parts ("" for a missing text),
// "[Image]" for image_url parts, empty pieces dropped, joined by "\n"; else String(content || "").
std::string flatten_message_content(const json::OrderedJson* content);

// convertToCerebrasMessages: [{role, content: string}] without the empty ones.
json::OrderedJson convert_to_cerebras_messages(const json::OrderedJson& openai_messages);

}  // namespace lapce_ai::providers
