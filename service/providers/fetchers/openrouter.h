#pragma once

// OpenRouter's model list and per-model endpoints (src/api/providers/fetchers/openrouter.ts).
// Both always ask https://openrouter.ai/api/v1: the handler calls them without its settings,
// so a custom openRouterBaseUrl never reaches them (the HttpClient's host rewrites can).

#include <string>
#include <string_view>

#include "http_client.h"
#include "model_record.h"
#include "ordered_json.h"
#include "task.h"

namespace lapce_ai::providers {

// getOpenRouterModels: GET /models; image-output models are skipped. Any failure is logged by
// the reference and yields the models parsed so far (usually none).
Task<ModelRecord> get_open_router_models(HttpClient& http);

// getOpenRouterModelEndpoints: GET /models/<id>/endpoints, keyed by endpoint tag or provider
// name; failures yield what was parsed so far.
Task<ModelRecord> get_open_router_model_endpoints(HttpClient& http, std::string model_id);

// parseOpenRouterModel. Pointers stand for possibly undefined values; `supported_parameters`
// nullptr means the argument was not given (model endpoints).
ModelInfo parse_open_router_model(std::string_view id, const json::OrderedJson& model,
                                  const json::OrderedJson* input_modality,
                                  const json::OrderedJson* output_modality,
                                  const json::OrderedJson* max_tokens,
                                  const json::OrderedJson* supported_parameters);

}  // namespace lapce_ai::providers
