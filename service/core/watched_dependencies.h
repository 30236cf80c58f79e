#pragma once

// What a computation read through the shared caches, as the change-watcher tokens that vouch for
// it. While a recording lives on a thread, FileReader and DirectoryCache add the token of every
// answer they give that thread. An answer no token vouches for (the watcher cannot watch the
// path, an error other than absence) and any look at the file system outside the caches make the
// recording incomplete. Recordings nest: an inner one hands what it saw to the outer one.

#include <optional>
#include <span>
#include <vector>

#include "change_watcher.h"

namespace lapce_ai {

class WatchedDependencies {
  public:
    WatchedDependencies();
    ~WatchedDependencies();
    WatchedDependencies(const WatchedDependencies&) = delete;
    WatchedDependencies& operator=(const WatchedDependencies&) = delete;

    // Whether a token vouches for everything read on this thread since the recording started.
    bool complete() const { return complete_; }
    const std::vector<ChangeWatcher::Token>& tokens() const { return tokens_; }

    // No-ops when the thread has no recording. An empty optional is a read nothing vouches for.
    static void record(const std::optional<ChangeWatcher::Token>& token);
    static void record(std::span<const ChangeWatcher::Token> tokens);
    static void record_untracked();

  private:
    WatchedDependencies* const outer_;
    std::vector<ChangeWatcher::Token> tokens_;
    bool complete_ = true;
};

}  // namespace lapce_ai
