#include "file_reader.h"

#include "watched_dependencies.h"

namespace lapce_ai {
namespace {

FileError not_found(const std::string& path) {
    return {FileErrorKind::NotFound, path, "No such file or directory"};
}

}  // namespace

FileReader::FileReader(std::size_t byte_budget, ChangeWatcher* watcher)
    : watcher_(watcher), entries_(byte_budget) {}

FileReader& FileReader::shared() {
    static FileReader reader(32u * 1024 * 1024, &ChangeWatcher::shared());
    return reader;
}

Expected<std::shared_ptr<const MappedFile>, FileError> FileReader::read(const std::string& path) {
    if (watcher_) {
        std::lock_guard lock(mutex_);
        if (Entry* entry = entries_.find(path); entry && entry->token) {
            const auto check = watcher_->check(*entry->token);
            if (check == ChangeWatcher::Check::Current) {
                ++stats_.hits;
                entries_.touch(path);
                WatchedDependencies::record(entry->token);
                if (!entry->file) return unexpected(not_found(path));
                return entry->file;
            }
            if (check == ChangeWatcher::Check::Changed || !entry->file) {
                entries_.erase(path);
            } else {
                entry->token.reset();  // the stamp decides below
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
            entries_.insert({path, nullptr, false, token});
            WatchedDependencies::record(token);
        } else {
            WatchedDependencies::record_untracked();
        }
        return unexpected(stamp.error());
    }
    if (Entry* entry = entries_.find(path)) {
        if (entry->file && entry->file->stamp() == *stamp && !entry->racy) {
            ++stats_.hits;
            entry->token = token;  // the stamp vouched for the contents after the watch
            entries_.touch(path);
            WatchedDependencies::record(token);
            return entry->file;
        }
        entries_.erase(path);
    }
    ++stats_.misses;
    lock.unlock();
    // Read outside the lock: other files stay available meanwhile.
    const std::int64_t read_at = file_clock_now_ns();
    auto file = MappedFile::open(path);
    if (!file) {
        WatchedDependencies::record_untracked();
        return unexpected(file.error());
    }
    WatchedDependencies::record(token);
    lock.lock();
    entries_.insert({path, *file, is_racy((*file)->stamp(), read_at), token});
    return *file;
}

FileReader::Stats FileReader::stats() const {
    std::lock_guard lock(mutex_);
    Stats stats = stats_;
    stats.entries = entries_.size();
    stats.bytes = entries_.cost();
    return stats;
}

void FileReader::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

}  // namespace lapce_ai
