#pragma once

// Requesty's model list (src/api/providers/fetchers/requesty.ts): GET <service URL>/v1/models
// (resolved relative to the base URL), with the key when one is given; failures yield the
// models parsed so far.

#include <optional>
#include <string>

#include "http_client.h"
#include "model_record.h"
#include "task.h"

namespace lapce_ai::providers {

Task<ModelRecord> get_requesty_models(HttpClient& http, std::optional<std::string> base_url,
                                      std::optional<std::string> api_key);

}  // namespace lapce_ai::providers
