#pragma once

// getModels (src/api/providers/fetchers/modelCache.ts): a router's model list from the memory
// cache of the context (five minutes, keyed by provider name only) or from its fetcher, which is
// then cached, also when empty. Fetch errors are rethrown.
//
// The reference also writes each list to <globalStorage>/cache/<router>_models.json and returns
// the copy read back from that file; the file store is the editor's, so the fetched list is
// returned directly (the same values: the file holds their JSON).

#include <optional>
#include <string>

#include "api_handler.h"
#include "model_record.h"
#include "task.h"

namespace lapce_ai::providers {

// GetModelsOptions (src/shared/api.ts)
struct GetModelsOptions {
    std::string provider;  // RouterName
    std::optional<std::string> api_key;
    std::optional<std::string> base_url;
};

Task<ModelRecord> get_models(GetModelsOptions options, const ProviderContext& context);

// flushModels
void flush_models(const std::string& router, const ProviderContext& context);

}  // namespace lapce_ai::providers
