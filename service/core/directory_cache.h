#pragma once

// Lists directories through a cache shared by the service's features (rule folders). Each use
// checks the directory's stamp (modification time, identity) with one stat, so a directory in
// which an entry was added, removed or renamed is listed again. A directory modified just before
// it was listed is listed again until its stamp is old enough to vouch for it (see is_racy).
// Least recently used listings are dropped beyond a budget of entries.

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

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
    explicit DirectoryCache(std::size_t entry_budget);

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
    };
    Stats stats() const;
    void clear();

  private:
    struct Slot {
        std::string path;
        std::shared_ptr<const DirectoryListing> listing;
        bool racy = false;  // the stamp alone cannot tell whether the directory changed since
    };
    void remove(std::list<Slot>::iterator slot);
    void evict_to_budget();

    const std::size_t entry_budget_;
    mutable std::mutex mutex_;
    std::list<Slot> lru_;  // most recently used first
    std::unordered_map<std::string, std::list<Slot>::iterator> index_;
    Stats stats_;
};

}  // namespace lapce_ai
