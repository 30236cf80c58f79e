#pragma once

// Prompt-cache markers for Claude on Vertex, on Anthropic messages
// (src/api/transform/caching/vertex.ts).

#include "ordered_json.h"

namespace lapce_ai::providers::caching::vertex {

// A new array: the last two user messages get cache_control on their last text block (string
// content becomes one text block); other messages are unchanged.
json::OrderedJson add_cache_breakpoints(const json::OrderedJson& messages);

}  // namespace lapce_ai::providers::caching::vertex
