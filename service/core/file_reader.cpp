#include "file_reader.h"

namespace lapce_ai {

FileReader::FileReader(std::size_t byte_budget) : byte_budget_(byte_budget) {}

FileReader& FileReader::shared() {
    static FileReader reader(32u * 1024 * 1024);
    return reader;
}

Expected<std::shared_ptr<const MappedFile>, FileError> FileReader::read(const std::string& path) {
    auto stamp = stat_file(path);
    if (!stamp) return unexpected(stamp.error());
    {
        std::lock_guard lock(mutex_);
        if (auto it = index_.find(path); it != index_.end()) {
            if (it->second->file->stamp() == *stamp && !it->second->racy) {
                ++stats_.hits;
                lru_.splice(lru_.begin(), lru_, it->second);
                return it->second->file;
            }
            stats_.bytes -= it->second->file->bytes().size();
            lru_.erase(it->second);
            index_.erase(it);
        }
        ++stats_.misses;
    }
    // Read outside the lock: other files stay available meanwhile.
    const std::int64_t read_at = file_clock_now_ns();
    auto file = MappedFile::open(path);
    if (!file) return unexpected(file.error());
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(path); it != index_.end()) {
        stats_.bytes -= it->second->file->bytes().size();
        lru_.erase(it->second);
        index_.erase(it);
    }
    lru_.push_front({path, *file, is_racy((*file)->stamp(), read_at)});
    index_.emplace(path, lru_.begin());
    stats_.bytes += (*file)->bytes().size();
    evict_to_budget();
    return *file;
}

void FileReader::evict_to_budget() {
    // The entry just read stays, even when it alone exceeds the budget.
    while (stats_.bytes > byte_budget_ && lru_.size() > 1) {
        const Entry& oldest = lru_.back();
        stats_.bytes -= oldest.file->bytes().size();
        index_.erase(oldest.path);
        lru_.pop_back();
    }
}

FileReader::Stats FileReader::stats() const {
    std::lock_guard lock(mutex_);
    Stats stats = stats_;
    stats.entries = lru_.size();
    return stats;
}

void FileReader::clear() {
    std::lock_guard lock(mutex_);
    lru_.clear();
    index_.clear();
    stats_.bytes = 0;
}

}  // namespace lapce_ai
