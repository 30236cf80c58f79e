#pragma once

// ModelRecord (src/shared/api.ts: Record<string, ModelInfo>) and the in-memory caches the
// reference's fetchers keep between requests: the NodeCache of fetchers/modelCache.ts and
// fetchers/modelEndpointCache.ts (five minutes) and the module cache of fetchers/huggingface.ts
// (one hour). The reference also mirrors the first two to files under the editor's global
// storage; that store belongs to the editor, so only the memory caches exist here. One
// ModelCaches lives in each ProviderContext and is used from that context's thread.

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "model_info.h"
#include "ordered_json.h"

namespace lapce_ai::providers {

using ModelRecord = std::map<std::string, ModelInfo>;

// NodeCache({ stdTTL }): entries expire `ttl` after they were set; get() returns a copy.
class ModelRecordCache {
  public:
    explicit ModelRecordCache(std::chrono::seconds ttl) : ttl_(ttl) {}

    std::optional<ModelRecord> get(const std::string& key) const;
    void set(const std::string& key, ModelRecord models);
    void del(const std::string& key);

  private:
    struct Entry {
        ModelRecord models;
        std::chrono::steady_clock::time_point expires;
    };
    std::chrono::seconds ttl_;
    std::map<std::string, Entry> entries_;
};

// The `cache` variable of fetchers/huggingface.ts.
struct HuggingFaceModelsCache {
    ModelRecord data;
    json::OrderedJson raw_models;  // the models with at least one provider
    std::chrono::steady_clock::time_point timestamp;
};

struct ModelCaches {
    ModelRecordCache models{std::chrono::minutes(5)};
    ModelRecordCache endpoints{std::chrono::minutes(5)};
    std::optional<HuggingFaceModelsCache> huggingface;
};

}  // namespace lapce_ai::providers
