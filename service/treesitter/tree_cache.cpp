#include "tree_cache.h"

namespace lapce_ai::treesitter {

TreePtr TreeCache::find(const std::string& path, const FileStamp& stamp, std::size_t content_hash,
                        const TSLanguage* language) {
    const std::lock_guard lock(mutex_);
    Entry* entry = entries_.find(path);
    if (!entry || entry->stamp != stamp || entry->content_hash != content_hash ||
        entry->language != language) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    entries_.touch(path);
    return copy_tree(entry->tree.get());
}

void TreeCache::insert(const std::string& path, const FileStamp& stamp, std::size_t content_hash,
                       const TSLanguage* language, const TSTree* tree) {
    const std::size_t cost = tree_cost(tree) + path.size();
    const std::lock_guard lock(mutex_);
    if (cost > budget_) {
        entries_.erase(path);  // a tree larger than the whole budget is not kept
        return;
    }
    entries_.insert({path, stamp, content_hash, language, copy_tree(tree), cost});
}

void TreeCache::erase(const std::string& path) {
    const std::lock_guard lock(mutex_);
    entries_.erase(path);
}

void TreeCache::clear() {
    const std::lock_guard lock(mutex_);
    entries_.clear();
}

TreeCache::Stats TreeCache::stats() const {
    const std::lock_guard lock(mutex_);
    return {hits_, misses_, entries_.size(), entries_.cost()};
}

}  // namespace lapce_ai::treesitter
