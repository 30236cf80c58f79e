#pragma once

// Tells the file caches that a path is unchanged without asking the file system. On Linux, one
// inotify descriptor watches the directories that cached entries depend on, and every directory
// above them (a renamed ancestor changes what a path names). A cache takes a token for a path
// (after the watches are in place, before it looks at the file) and may serve its entry without
// a syscall while the token is current. Pending events are read before tokens are trusted: at
// each check, or once at the start of a Batch on this thread. Elsewhere, and whenever a watch
// cannot be added (limit reached, a symbolic link on the path, a relative path, a network or
// FUSE file system whose other writers produce no events) or events were lost (queue overflow),
// no token is given or tokens lapse, and the caches check stamps as before.
// Known limit: mounting over a watched directory produces no event.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lapce_ai {

class ChangeWatcher {
  public:
    struct Node;

    // Valid while nothing that could change the watched fact has happened.
    struct Token {
        const std::uint64_t* slot = nullptr;  // version of a name in a directory, or of a listing
        std::uint64_t version = 0;
        std::uint64_t epoch = 0;                 // of the whole watcher
        const ChangeWatcher* watcher = nullptr;  // that gave it
    };

    ChangeWatcher();
    ~ChangeWatcher();
    ChangeWatcher(const ChangeWatcher&) = delete;
    ChangeWatcher& operator=(const ChangeWatcher&) = delete;

    // The process-wide watcher of the shared caches.
    static ChangeWatcher& shared();

    // Whether tokens can be given at all.
    bool enabled() const;

    // For a file's contents or stamp (or its absence): add the watches first, then look at it.
    std::optional<Token> watch_file(const std::string& path);
    // For a directory's listing (or its absence).
    std::optional<Token> watch_listing(const std::string& path);

    // Current: nothing changed since the token was given. Changed: the entry changed (its stamp
    // may not show it). Unknown: events were lost or what the path names may have changed; the
    // stamp decides.
    enum class Check { Current, Changed, Unknown };
    // Reads pending events first, unless a Batch on this thread already did.
    Check check(const Token& token);
    // Whether every token is Current, with one read of pending events at most. A token another
    // watcher gave is not.
    bool all_current(std::span<const Token> tokens);

    // Reads pending events now.
    void sync();

    // Pending events are read once, when the batch starts; checks by this thread until it ends
    // trust that read. For a sequence of lookups that forms one result, such as a prompt.
    class Batch {
      public:
        explicit Batch(ChangeWatcher& watcher);
        ~Batch();
        Batch(const Batch&) = delete;
        Batch& operator=(const Batch&) = delete;

      private:
        const ChangeWatcher* previous_;
    };

    struct Stats {
        std::uint64_t drains = 0;       // reads of the event queue
        std::uint64_t events = 0;       // events handled
        std::uint64_t add_watches = 0;  // inotify_add_watch calls
        std::uint64_t epochs = 0;       // times every token lapsed (overflow, structure change)
        std::size_t watched = 0;        // directories watched now
    };
    Stats stats() const;

    // Test hooks: the next watches fail as if the system's limit was reached; an event queue
    // overflow is handled as if the kernel had reported one.
    void fail_watches_for_testing(bool fail);
    void simulate_overflow_for_testing();

  private:
    void drain_locked();
    void handle_event(int wd, std::uint32_t mask, std::string_view name);
    void new_epoch_locked();
    Node* watch_directory_locked(const std::string& path, bool target, std::string* missing);
    std::optional<Token> token_locked(const std::string& dir, std::string_view name, bool listing);
    std::uint64_t* name_slot(Node* node, std::string_view name);

    mutable std::mutex mutex_;
    int fd_ = -1;
    bool fail_watches_ = false;
    std::uint64_t counter_ = 0;  // source of versions: every bump takes a new value
    std::uint64_t epoch_ = 0;
    std::unordered_map<std::string, std::unique_ptr<Node>> nodes_;  // by path, never removed
    std::unordered_map<int, Node*> by_wd_;
    Stats stats_;
};

}  // namespace lapce_ai
