#pragma once

// Anthropic MessageParam[] → OpenAI messages for DeepSeek Reasoner, which refuses two successive
// messages of one role (src/api/transform/r1-format.ts).

#include "ordered_json.h"

namespace lapce_ai::providers {

// Text parts joined with "\n" (a [text, image_url…] array when the message has images);
// consecutive messages of the same role merged ("\n" between strings, parts concatenated
// otherwise). Any role but "assistant" starts a "user" message.
json::OrderedJson convert_to_r1_format(const json::OrderedJson& messages);

}  // namespace lapce_ai::providers
