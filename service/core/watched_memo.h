#pragma once

// Texts computed from files read through the shared caches, kept by key and served again while
// the change watcher vouches that nothing the computation read has changed (see
// WatchedDependencies). A text whose computation read anything the watcher cannot vouch for is
// not kept: it is computed at every use, as without the memo. Least recently used texts are
// dropped beyond a byte budget.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "change_watcher.h"
#include "lru_index.h"
#include "watched_dependencies.h"

namespace lapce_ai {

class WatchedMemo {
  public:
    WatchedMemo(std::size_t byte_budget, ChangeWatcher& watcher)
        : watcher_(watcher), entries_(byte_budget) {}

    // The kept text for `key`, or compute() (a function returning std::string) run now.
    template <typename Compute>
    std::shared_ptr<const std::string> get(const std::string& key, Compute&& compute) {
        if (auto kept = find(key)) return kept;
        std::shared_ptr<const std::string> text;
        std::vector<ChangeWatcher::Token> tokens;
        bool complete = false;
        {
            WatchedDependencies recording;
            text = std::make_shared<const std::string>(compute());
            complete = recording.complete() && !recording.tokens().empty();
            if (complete) tokens = recording.tokens();
        }
        if (complete) keep(key, std::move(tokens), text);
        return text;
    }

    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t entries = 0;
    };
    Stats stats() const;

  private:
    struct Entry {
        std::string path;  // the key
        std::vector<ChangeWatcher::Token> tokens;
        std::shared_ptr<const std::string> text;
    };
    struct EntryCost {
        std::size_t operator()(const Entry& entry) const {
            return entry.path.size() + entry.text->size() +
                   entry.tokens.size() * sizeof(ChangeWatcher::Token) + sizeof(Entry);
        }
    };

    std::shared_ptr<const std::string> find(const std::string& key);
    void keep(const std::string& key, std::vector<ChangeWatcher::Token> tokens,
              std::shared_ptr<const std::string> text);

    ChangeWatcher& watcher_;
    mutable std::mutex mutex_;
    LruIndex<Entry, EntryCost> entries_;
    Stats stats_;
};

}  // namespace lapce_ai
