#pragma once

// getModelEndpoints (src/api/providers/fetchers/modelEndpointCache.ts): OpenRouter's
// per-provider endpoints of one model, from the context's memory cache (five minutes, keyed
// by the sanitised "openrouter_<model id>") or fetched; only non-empty results are cached.
// Other routers, or no model id or endpoint, give an empty record. (The reference's file
// fallback reads "<router>_endpoints.json", a file it never writes: it yields nothing.)

#include <optional>
#include <string>

#include "api_handler.h"
#include "model_record.h"
#include "task.h"

namespace lapce_ai::providers {

Task<ModelRecord> get_model_endpoints(std::string router, std::optional<std::string> model_id,
                                      std::optional<std::string> endpoint,
                                      const ProviderContext& context);

// sanitize-filename 1.6 with an empty replacement: the cache key of a router and model id.
std::string sanitize_filename(const std::string& input);

}  // namespace lapce_ai::providers
