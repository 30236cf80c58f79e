#include "file_reader.h"

namespace lapce_ai {
namespace {

FileError not_found(const std::string& path) {
    return {FileErrorKind::NotFound, path, "No such file or directory"};
}

}  // namespace

FileReader::FileReader(std::size_t byte_budget, ChangeWatcher* watcher)
    : byte_budget_(byte_budget), watcher_(watcher) {}

FileReader& FileReader::shared() {
    static FileReader reader(32u * 1024 * 1024, &ChangeWatcher::shared());
    return reader;
}

Expected<std::shared_ptr<const MappedFile>, FileError> FileReader::read(const std::string& path) {
    if (watcher_) {
        std::lock_guard lock(mutex_);
        if (auto it = index_.find(path); it != index_.end() && it->second->token) {
            const auto check = watcher_->check(*it->second->token);
            if (check == ChangeWatcher::Check::Current) {
                ++stats_.hits;
                lru_.splice(lru_.begin(), lru_, it->second);
                if (!it->second->file) return unexpected(not_found(path));
                return it->second->file;
            }
            if (check == ChangeWatcher::Check::Changed || !it->second->file) {
                remove(it->second);
            } else {
                it->second->token.reset();  // the stamp decides below
            }
        }
    }
    // The watch comes before the stat: a change after the stat makes the token lapse.
    std::optional<ChangeWatcher::Token> token;
    if (watcher_) token = watcher_->watch_file(path);
    auto stamp = stat_file(path);
    std::unique_lock lock(mutex_);
    ++stats_.stats;
    if (!stamp) {
        if (token && stamp.error().kind == FileErrorKind::NotFound) {
            if (auto it = index_.find(path); it != index_.end()) remove(it->second);
            lru_.push_front({path, nullptr, false, token});
            index_.emplace(path, lru_.begin());
            stats_.bytes += size_of(lru_.front());
            evict_to_budget();
        }
        return unexpected(stamp.error());
    }
    if (auto it = index_.find(path); it != index_.end()) {
        if (it->second->file && it->second->file->stamp() == *stamp && !it->second->racy) {
            ++stats_.hits;
            it->second->token = token;  // the stamp vouched for the contents after the watch
            lru_.splice(lru_.begin(), lru_, it->second);
            return it->second->file;
        }
        remove(it->second);
    }
    ++stats_.misses;
    lock.unlock();
    // Read outside the lock: other files stay available meanwhile.
    const std::int64_t read_at = file_clock_now_ns();
    auto file = MappedFile::open(path);
    if (!file) return unexpected(file.error());
    lock.lock();
    if (auto it = index_.find(path); it != index_.end()) remove(it->second);
    lru_.push_front({path, *file, is_racy((*file)->stamp(), read_at), token});
    index_.emplace(path, lru_.begin());
    stats_.bytes += size_of(lru_.front());
    evict_to_budget();
    return *file;
}

std::size_t FileReader::size_of(const Entry& entry) {
    // A missing file costs its bookkeeping.
    return entry.file ? entry.file->bytes().size() : entry.path.size() + sizeof(Entry);
}

void FileReader::remove(std::list<Entry>::iterator entry) {
    stats_.bytes -= size_of(*entry);
    index_.erase(entry->path);
    lru_.erase(entry);
}

void FileReader::evict_to_budget() {
    // The entry just read stays, even when it alone exceeds the budget.
    while (stats_.bytes > byte_budget_ && lru_.size() > 1) remove(std::prev(lru_.end()));
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
