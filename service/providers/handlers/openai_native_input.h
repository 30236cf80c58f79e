#pragma once

// The Responses API `input` of OpenAiNativeHandler (src/api/providers/openai-native.ts):
// Anthropic-style messages as structured items, user text as `input_text`, assistant text as
// `output_text` and images as `input_image` data URLs. The system prompt is not part of the
// input; it travels as the top-level `instructions`.

#include <optional>

#include "ordered_json.h"

namespace lapce_ai::providers {

// formatFullConversation: every message with content, in order.
json::OrderedJson format_full_conversation(const json::OrderedJson& messages);

// formatSingleStructuredMessage: one message (the latest user message when continuing from a
// previous response) with its text as `input_text`; nullopt when it has no usable content.
std::optional<json::OrderedJson> format_single_structured_message(const json::OrderedJson& message);

}  // namespace lapce_ai::providers
