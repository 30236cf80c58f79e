#pragma once

// DeepInfra's model list (src/api/providers/fetchers/deepinfra.ts): GET <base>/models with
// DEFAULT_HEADERS and the key. Errors are not caught (the AxiosError reaches the caller).

#include <optional>
#include <string>

#include "http_client.h"
#include "model_record.h"
#include "task.h"

namespace lapce_ai::providers {

Task<ModelRecord> get_deep_infra_models(HttpClient& http, std::optional<std::string> api_key,
                                        std::optional<std::string> base_url);

}  // namespace lapce_ai::providers
