#include "directory_cache.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "watched_dependencies.h"

namespace lapce_ai {
namespace {

namespace fs = std::filesystem;

DirectoryEntryType type_of(const fs::directory_entry& entry) {
    std::error_code error;
    const fs::file_status status = entry.symlink_status(error);
    if (error) return DirectoryEntryType::Other;
    if (fs::is_symlink(status)) return DirectoryEntryType::Symlink;
    if (fs::is_regular_file(status)) return DirectoryEntryType::File;
    if (fs::is_directory(status)) return DirectoryEntryType::Directory;
    return DirectoryEntryType::Other;
}

// `stamp` is taken before the entries are read: a change made meanwhile leaves the listing with
// an older stamp, so the next use lists again.
Expected<std::shared_ptr<const DirectoryListing>, FileError> read_directory(
    const std::string& path, const FileStamp& stamp) {
    auto listing = std::make_shared<DirectoryListing>();
    listing->stamp = stamp;
    std::error_code error;
    for (fs::directory_iterator it(fs::path(path), error), end; !error && it != end;
         it.increment(error)) {
        listing->entries.push_back({it->path().filename().string(), type_of(*it)});
    }
    if (error) return unexpected(FileError{FileErrorKind::Other, path, error.message()});
    std::sort(listing->entries.begin(), listing->entries.end(),
              [](const DirectoryEntry& a, const DirectoryEntry& b) { return a.name < b.name; });
    return std::shared_ptr<const DirectoryListing>(std::move(listing));
}

}  // namespace

DirectoryCache::DirectoryCache(std::size_t entry_budget, ChangeWatcher* watcher)
    : watcher_(watcher), slots_(entry_budget) {}

DirectoryCache& DirectoryCache::shared() {
    static DirectoryCache cache(64u * 1024, &ChangeWatcher::shared());
    return cache;
}

Expected<std::shared_ptr<const DirectoryListing>, FileError> DirectoryCache::list(
    const std::string& path) {
    if (watcher_) {
        std::lock_guard lock(mutex_);
        if (Slot* slot = slots_.find(path); slot && slot->token) {
            const auto check = watcher_->check(*slot->token);
            if (check == ChangeWatcher::Check::Current) {
                ++stats_.hits;
                slots_.touch(path);
                WatchedDependencies::record(slot->token);
                if (!slot->listing) {
                    return unexpected(
                        FileError{FileErrorKind::NotFound, path, "No such file or directory"});
                }
                return slot->listing;
            }
            if (check == ChangeWatcher::Check::Changed || !slot->listing) {
                slots_.erase(path);
            } else {
                slot->token.reset();  // the stamp decides below
            }
        }
    }
    // The watch comes before the stat: a change after the stat makes the token lapse.
    std::optional<ChangeWatcher::Token> token;
    if (watcher_) token = watcher_->watch_listing(path);
    const std::int64_t listed_at = file_clock_now_ns();
    auto stamp = stat_directory(path);
    {
        std::lock_guard lock(mutex_);
        ++stats_.stats;
        if (!stamp) {
            if (token && stamp.error().kind == FileErrorKind::NotFound) {
                slots_.insert({path, nullptr, false, token});
                WatchedDependencies::record(token);
            } else {
                WatchedDependencies::record_untracked();
            }
            return unexpected(stamp.error());
        }
        if (Slot* slot = slots_.find(path)) {
            if (slot->listing && slot->listing->stamp == *stamp && !slot->racy) {
                ++stats_.hits;
                slot->token = token;  // the stamp vouched for the listing after the watch
                slots_.touch(path);
                WatchedDependencies::record(token);
                return slot->listing;
            }
            slots_.erase(path);
        }
        ++stats_.misses;
    }
    // List outside the lock: other directories stay available meanwhile.
    auto listing = read_directory(path, *stamp);
    if (!listing) {
        WatchedDependencies::record_untracked();
        return unexpected(listing.error());
    }
    WatchedDependencies::record(token);
    std::lock_guard lock(mutex_);
    slots_.insert({path, *listing, is_racy(*stamp, listed_at), token});
    return *listing;
}

DirectoryCache::Stats DirectoryCache::stats() const {
    std::lock_guard lock(mutex_);
    Stats stats = stats_;
    stats.listings = slots_.size();
    stats.entries = slots_.cost();
    return stats;
}

void DirectoryCache::clear() {
    std::lock_guard lock(mutex_);
    slots_.clear();
}

}  // namespace lapce_ai
