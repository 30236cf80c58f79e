#pragma once

// The Vercel AI Gateway's model list (src/api/providers/fetchers/vercel-ai-gateway.ts): GET
// https://ai-gateway.vercel.sh/v1/models, language models only; failures yield the models
// parsed so far.

#include <string_view>

#include "http_client.h"
#include "model_record.h"
#include "ordered_json.h"
#include "task.h"

namespace lapce_ai::providers {

Task<ModelRecord> get_vercel_ai_gateway_models(HttpClient& http);

// parseVercelAiGatewayModel
ModelInfo parse_vercel_ai_gateway_model(std::string_view id, const json::OrderedJson& model);

}  // namespace lapce_ai::providers
