#pragma once

// Lists directories through a cache shared by the service's features (rule folders). Each use
// checks the directory's stamp (modification time, identity) with one stat, so a directory in
// which an entry was added, removed or renamed is listed again. A directory modified just before
// it was listed is listed again until its stamp is old enough to vouch for it (see is_racy).
// Least recently used listings are dropped beyond a budget of entries.
// With a ChangeWatcher that can watch the directory, a listing (a missing directory too) is
// served without a stat until an entry is added, removed or renamed in it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <optional>

#include "change_watcher.h"
#include "lru_index.h"
#include "mapped_file.h"

namespace lapce_ai {

// The entry's own type: a symbolic link is not followed.
enum class DirectoryEntryType { File, Directory, Symlink, Other };

struct DirectoryEntry {
    std::string name;
    DirectoryEntryType type = DirectoryEntryType::Other;
};

struct DirectoryListing {
    FileStamp stamp;                      // of the directory when it was listed
    std::vector<DirectoryEntry> entries;  // sorted by the bytes of their names
};

class DirectoryCache {
  public:
    // Without a watcher, every use checks the stamp.
    explicit DirectoryCache(std::size_t entry_budget, ChangeWatcher* watcher = nullptr);

    // The process-wide cache (64 Ki entries).
    static DirectoryCache& shared();

    // The directory's entries (a symlink to a directory is followed). NotFound,
    // NotADirectory, ... when the path cannot be listed.
    Expected<std::shared_ptr<const DirectoryListing>, FileError> list(const std::string& path);

    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t listings = 0;
        std::size_t entries = 0;  // directory entries held by all listings
        std::uint64_t stats = 0;  // stat calls
    };
    Stats stats() const;
    void clear();

  private:
    struct Slot {
        std::string path;
        std::shared_ptr<const DirectoryListing> listing;  // null: missing (watched only)
        bool racy = false;  // the stamp alone cannot tell whether the directory changed since
        std::optional<ChangeWatcher::Token> token;
    };
    struct SlotCost {
        // A listing costs its entries; a missing directory one.
        std::size_t operator()(const Slot& slot) const {
            return slot.listing ? slot.listing->entries.size() : 1;
        }
    };

    ChangeWatcher* const watcher_;
    mutable std::mutex mutex_;
    LruIndex<Slot, SlotCost> slots_;
    Stats stats_;
};

}  // namespace lapce_ai
