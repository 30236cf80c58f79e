#include "watched_memo.h"

namespace lapce_ai {

std::shared_ptr<const std::string> WatchedMemo::find(const std::string& key) {
    std::lock_guard lock(mutex_);
    Entry* entry = entries_.find(key);
    if (entry && watcher_.all_current(entry->tokens)) {
        ++stats_.hits;
        entries_.touch(key);
        // An outer computation that uses this text depends on what it was computed from.
        WatchedDependencies::record(entry->tokens);
        return entry->text;
    }
    if (entry) entries_.erase(key);
    ++stats_.misses;
    return nullptr;
}

void WatchedMemo::keep(const std::string& key, std::vector<ChangeWatcher::Token> tokens,
                       std::shared_ptr<const std::string> text) {
    std::lock_guard lock(mutex_);
    entries_.insert({key, std::move(tokens), std::move(text)});
}

WatchedMemo::Stats WatchedMemo::stats() const {
    std::lock_guard lock(mutex_);
    Stats stats = stats_;
    stats.entries = entries_.size();
    return stats;
}

}  // namespace lapce_ai
