#pragma once

// Anthropic MessageParam[] → Mistral chat messages (src/api/transform/mistral-format.ts), in the
// form @mistralai/mistralai 1.9.18 puts on the wire: its outbound schemas order the keys
// (content, [tool_calls,] [prefix,] role; text chunks {text, type}, image chunks
// {image_url: {url}, type}), rename camelCase fields and give assistant messages prefix: false.

#include "ordered_json.h"

namespace lapce_ai::providers {

// Strings stay strings; a user message keeps only its text/image parts (tool results are
// dropped, so a message of tool results alone disappears); an assistant message's text parts
// are joined with "\n" (no content when it has none; tool_use blocks are dropped).
json::OrderedJson convert_to_mistral_messages(const json::OrderedJson& anthropic_messages);

// One message {role, content} as the SDK serialises it (the handler's system message).
json::OrderedJson mistral_wire_message(const json::OrderedJson* role,
                                       const json::OrderedJson* content);

}  // namespace lapce_ai::providers
