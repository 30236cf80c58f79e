#pragma once

// Anthropic MessageParam[] → OpenAI ChatCompletionMessageParam[]
// (src/api/transform/openai-format.ts).

#include "ordered_json.h"

namespace lapce_ai::providers {

// Strings stay strings; a user message's tool_result blocks become `tool` messages first, then
// one user message with its text/image_url parts; an assistant message's text parts are joined
// with "\n" and its tool_use blocks become `tool_calls`.
json::OrderedJson convert_to_openai_messages(const json::OrderedJson& anthropic_messages);

}  // namespace lapce_ai::providers
