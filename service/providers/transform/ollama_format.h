#pragma once

// Anthropic MessageParam[] → ollama-js chat messages (convertToOllamaMessages of
// src/api/providers/native-ollama.ts). Images travel as raw base64 (`images`), tool results
// become user messages placed before the message's other parts. The tool-result images of one
// user message are collected in one array that every tool message holding images shares, so
// each of them carries all of that message's tool-result images (as the reference sends them).

#include "ordered_json.h"

namespace lapce_ai::providers {

json::OrderedJson convert_to_ollama_messages(const json::OrderedJson& anthropic_messages);

}  // namespace lapce_ai::providers
