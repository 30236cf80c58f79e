#pragma once

// Reads whole files through a cache shared by the service's features (rule files, source files).
// Each read checks the file's stamp (size, modification time, identity), so a changed or
// replaced file is read again; unchanged files cost one stat. A file modified just before it was
// read is read again until its stamp is old enough to vouch for it (see is_racy). Least
// recently used entries are dropped beyond a byte budget.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include <optional>

#include "change_watcher.h"
#include "lru_index.h"
#include "mapped_file.h"

namespace lapce_ai {

class FileReader {
  public:
    // Without a watcher, every read checks the stamp.
    explicit FileReader(std::size_t byte_budget, ChangeWatcher* watcher = nullptr);

    // The process-wide reader (32 MiB budget, the shared watcher).
    static FileReader& shared();

    Expected<std::shared_ptr<const MappedFile>, FileError> read(const std::string& path);

    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t entries = 0;
        std::size_t bytes = 0;
        std::uint64_t stats = 0;  // stat calls
    };
    Stats stats() const;
    void clear();

  private:
    struct Entry {
        std::string path;
        std::shared_ptr<const MappedFile> file;  // null: the file is missing (watched only)
        bool racy = false;  // the stamp alone cannot tell whether the file changed since
        std::optional<ChangeWatcher::Token> token;
    };
    struct EntryCost {
        // A file costs its bytes; a missing one its bookkeeping.
        std::size_t operator()(const Entry& entry) const {
            return entry.file ? entry.file->bytes().size() : entry.path.size() + sizeof(Entry);
        }
    };

    ChangeWatcher* const watcher_;
    mutable std::mutex mutex_;
    LruIndex<Entry, EntryCost> entries_;
    Stats stats_;
};

}  // namespace lapce_ai
