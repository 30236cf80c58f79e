#pragma once

// A LiteLLM proxy's model list (src/api/providers/fetchers/litellm.ts): GET
// <base>/v1/model/info (5 s limit). Failures are rethrown as "Failed to fetch LiteLLM
// models: …", naming the status, a missing response, or the error.

#include <string>

#include "http_client.h"
#include "model_record.h"
#include "task.h"

namespace lapce_ai::providers {

Task<ModelRecord> get_lite_llm_models(HttpClient& http, std::string api_key, std::string base_url);

}  // namespace lapce_ai::providers
