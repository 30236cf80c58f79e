#pragma once

// Image blocks replaced by a note for models without image input
// (src/api/transform/image-cleaning.ts).

#include "model_info.h"
#include "ordered_json.h"

namespace lapce_ai::providers {

// A copy of each message; when the model does not support images, every image block of an
// array content becomes {type: "text", text: "[Referenced image in conversation]"}.
json::OrderedJson maybe_remove_image_blocks(const json::OrderedJson& messages,
                                            const ModelInfo& info);

}  // namespace lapce_ai::providers
