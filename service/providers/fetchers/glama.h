#pragma once

// Glama's model list (src/api/providers/fetchers/glama.ts): GET
// https://glama.ai/api/gateway/v1/models; failures yield the models parsed so far.

#include "http_client.h"
#include "model_record.h"
#include "task.h"

namespace lapce_ai::providers {

Task<ModelRecord> get_glama_models(HttpClient& http);

}  // namespace lapce_ai::providers
