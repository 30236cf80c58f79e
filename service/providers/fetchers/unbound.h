#pragma once

// Unbound's model list (src/api/providers/fetchers/unbound.ts): GET
// https://api.getunbound.ai/models with the key as Bearer token; failures are rethrown as
// "Failed to fetch Unbound models: <message>".

#include <optional>
#include <string>

#include "http_client.h"
#include "model_record.h"
#include "task.h"

namespace lapce_ai::providers {

Task<ModelRecord> get_unbound_models(HttpClient& http, std::optional<std::string> api_key);

}  // namespace lapce_ai::providers
