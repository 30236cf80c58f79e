#include "model_record.h"

namespace lapce_ai::providers {

std::optional<ModelRecord> ModelRecordCache::get(const std::string& key) const {
    const auto found = entries_.find(key);
    if (found == entries_.end() || std::chrono::steady_clock::now() >= found->second.expires)
        return std::nullopt;
    return found->second.models;
}

void ModelRecordCache::set(const std::string& key, ModelRecord models) {
    entries_[key] = Entry{std::move(models), std::chrono::steady_clock::now() + ttl_};
}

void ModelRecordCache::del(const std::string& key) {
    entries_.erase(key);
}

}  // namespace lapce_ai::providers
