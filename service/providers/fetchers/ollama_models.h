#pragma once

// getOllamaModels / parseOllamaModel (src/api/providers/fetchers/ollama.ts): the installed
// models from `GET {baseUrl}/api/tags` (axios), each described by `POST {baseUrl}/api/show`.
// Failures are logged by the reference and leave the models found so far; nothing is thrown.

#include <optional>
#include <string>

#include "http_client.h"
#include "model_info.h"
#include "ordered_json.h"
#include "task.h"

namespace lapce_ai::providers {

// The ModelInfo of one /api/show answer. Throws the TypeError the reference's code meets on an
// answer without `model_info` or `details`.
ModelInfo parse_ollama_model(const json::OrderedJson& raw_model);

// OllamaModelsResponseSchema.safeParse(data).success for the /api/tags answer.
bool is_ollama_models_response(const json::OrderedJson& data);

// {name: ModelInfo JSON} for every model. The /api/show requests go one after another (the
// reference starts them together): the requests and their order are the same, but after a
// failed one the later ones are not sent.
Task<json::OrderedJson> get_ollama_models(HttpClient& http, std::optional<std::string> base_url,
                                          std::optional<std::string> api_key);

}  // namespace lapce_ai::providers
