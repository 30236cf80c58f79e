#pragma once

// Token counting of src/utils/tiktoken.ts: the text blocks' o200k_base tokens, plus
// ceil(sqrt(base64 length)) per image with data (300 for another image source), other blocks
// not counted, all times 1.5 rounded up. BaseProvider.countTokens runs it (through a worker
// pool whose failure falls back to the same function, so the result is the same).

#include "expected.h"
#include "ordered_json.h"
#include "provider_error.h"

namespace lapce_ai::providers {

// `content`: Anthropic ContentBlockParam[]. The result is the JavaScript number the reference
// returns: a whole number, or NaN when an image's `data` is neither a string nor an array (as
// `data.length` is then undefined). The error is the TypeError the reference throws for a
// content that is not an array, a null block, a null image `data` or a non-empty array `text`.
Expected<double, ProviderError> tiktoken(const json::OrderedJson& content);

}  // namespace lapce_ai::providers
