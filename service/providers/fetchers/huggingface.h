#pragma once

// Hugging Face's router model list (src/api/providers/fetchers/huggingface.ts): GET
// HUGGINGFACE_API_URL (10 s limit), validated, one entry per model plus one per live provider
// ("<model>:<provider>"). Results are kept for HUGGINGFACE_CACHE_DURATION in
// ModelCaches::huggingface; on failure a stale cache answers, else "Failed to fetch
// HuggingFace models: …" is thrown.

#include <optional>

#include "http_client.h"
#include "model_record.h"
#include "task.h"

namespace lapce_ai::providers {

Task<ModelRecord> get_hugging_face_models(HttpClient& http, ModelCaches& caches);

// getCachedHuggingFaceModels: the cached models (even stale), nullopt when none.
std::optional<ModelRecord> get_cached_hugging_face_models(const ModelCaches& caches);

}  // namespace lapce_ai::providers
