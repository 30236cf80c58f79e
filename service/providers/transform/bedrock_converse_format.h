#pragma once

// Anthropic MessageParam[] → Bedrock Converse Message[] (src/api/transform/bedrock-converse-
// format.ts), in the JSON @aws-sdk/client-bedrock-runtime 3.848.0 puts on the wire: members in
// the serialiser's (alphabetical) order, null members dropped, image bytes base64-encoded.

#include "ordered_json.h"

namespace lapce_ai::providers {

// {content: [...], role}. Blocks: text → {text}; image → {image: {format, source: {bytes}}}
// (the data goes through atob, then the SDK's base64); tool_use → {toolUse: {input: "<name>…"
// XML of its parameters, name, toolUseId}}; tool_result → {toolResult: {content, status,
// toolUseId}}; video → {video: {format: "mp4", source}}; anything else → "[Unknown Block Type]".
// Throws like the reference: atob's InvalidCharacterError, Error("Unsupported image format: …").
json::OrderedJson convert_to_bedrock_converse_messages(const json::OrderedJson& anthropic_messages);

// What the SDK's serialiser throws inside `client.send` for messages it cannot write (a
// tool-result item without text, a video source that is neither bytes nor s3Location, image
// bytes that are not a Uint8Array); nothing for the output of the converter otherwise.
void assert_bedrock_converse_serializable(const json::OrderedJson& messages);

}  // namespace lapce_ai::providers
