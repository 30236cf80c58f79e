#pragma once

// Parsed trees of files as they are on disk, by path, valid while the file's stamp (size,
// modification time, identity), the content's hash (a change within one tick of the file
// system's clock keeps the stamp) and the language are unchanged; least recently used trees are
// dropped beyond a byte budget. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "lru_index.h"
#include "mapped_file.h"
#include "syntax_tree.h"

namespace lapce_ai::treesitter {

// The content key of a file's entry.
inline std::size_t file_content_hash(const MappedFile& file) {
    return std::hash<std::string_view>{}(file.bytes());
}

class TreeCache {
  public:
    explicit TreeCache(std::size_t byte_budget) : budget_(byte_budget), entries_(byte_budget) {}

    // A copy of the cached tree, or null.
    TreePtr find(const std::string& path, const FileStamp& stamp, std::size_t content_hash,
                 const TSLanguage* language);
    void insert(const std::string& path, const FileStamp& stamp, std::size_t content_hash,
                const TSLanguage* language, const TSTree* tree);
    void erase(const std::string& path);
    void clear();

    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t entries = 0;
        std::size_t bytes = 0;
        // hits / (hits + misses); 0 before the first lookup.
        double hit_rate() const {
            const std::uint64_t lookups = hits + misses;
            return lookups == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(lookups);
        }
    };
    Stats stats() const;

  private:
    struct Entry {
        std::string path;
        FileStamp stamp;
        std::size_t content_hash = 0;
        const TSLanguage* language = nullptr;
        TreePtr tree;
        std::size_t cost = 0;
    };
    struct EntryCost {
        std::size_t operator()(const Entry& entry) const { return entry.cost; }
    };

    const std::size_t budget_;
    mutable std::mutex mutex_;
    LruIndex<Entry, EntryCost> entries_;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

}  // namespace lapce_ai::treesitter
