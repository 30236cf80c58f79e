#pragma once

// Anthropic messages flattened to plain strings, for providers that take no content parts
// (src/api/transform/simple-format.ts).

#include <string>

#include "ordered_json.h"

namespace lapce_ai::providers {

// A string stays as is; blocks become their text ("[Image: <mime>]", "[Tool Use: <name>]", a
// tool result's text), empty results dropped, joined with "\n".
std::string convert_to_simple_content(const json::OrderedJson& content);

// [{role, content: convert_to_simple_content(content)}]
json::OrderedJson convert_to_simple_messages(const json::OrderedJson& messages);

}  // namespace lapce_ai::providers
