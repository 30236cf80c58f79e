#include "directory_cache.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

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
    : entry_budget_(entry_budget), watcher_(watcher) {}

DirectoryCache& DirectoryCache::shared() {
    static DirectoryCache cache(64u * 1024, &ChangeWatcher::shared());
    return cache;
}

Expected<std::shared_ptr<const DirectoryListing>, FileError> DirectoryCache::list(
    const std::string& path) {
    if (watcher_) {
        std::lock_guard lock(mutex_);
        if (auto it = index_.find(path); it != index_.end() && it->second->token) {
            const auto check = watcher_->check(*it->second->token);
            if (check == ChangeWatcher::Check::Current) {
                ++stats_.hits;
                lru_.splice(lru_.begin(), lru_, it->second);
                if (!it->second->listing) {
                    return unexpected(
                        FileError{FileErrorKind::NotFound, path, "No such file or directory"});
                }
                return it->second->listing;
            }
            if (check == ChangeWatcher::Check::Changed || !it->second->listing) {
                remove(it->second);
            } else {
                it->second->token.reset();  // the stamp decides below
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
                if (auto it = index_.find(path); it != index_.end()) remove(it->second);
                lru_.push_front({path, nullptr, false, token});
                index_.emplace(path, lru_.begin());
                stats_.entries += size_of(lru_.front());
                evict_to_budget();
            }
            return unexpected(stamp.error());
        }
        if (auto it = index_.find(path); it != index_.end()) {
            if (it->second->listing && it->second->listing->stamp == *stamp && !it->second->racy) {
                ++stats_.hits;
                it->second->token = token;  // the stamp vouched for the listing after the watch
                lru_.splice(lru_.begin(), lru_, it->second);
                return it->second->listing;
            }
            remove(it->second);
        }
        ++stats_.misses;
    }
    // List outside the lock: other directories stay available meanwhile.
    auto listing = read_directory(path, *stamp);
    if (!listing) return unexpected(listing.error());
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(path); it != index_.end()) remove(it->second);
    lru_.push_front({path, *listing, is_racy(*stamp, listed_at), token});
    index_.emplace(path, lru_.begin());
    stats_.entries += size_of(lru_.front());
    evict_to_budget();
    return *listing;
}

std::size_t DirectoryCache::size_of(const Slot& slot) {
    return slot.listing ? slot.listing->entries.size() : 1;  // a missing directory counts as one
}

void DirectoryCache::remove(std::list<Slot>::iterator slot) {
    stats_.entries -= size_of(*slot);
    index_.erase(slot->path);
    lru_.erase(slot);
}

void DirectoryCache::evict_to_budget() {
    // The listing just made stays, even when it alone exceeds the budget.
    while (stats_.entries > entry_budget_ && lru_.size() > 1) remove(std::prev(lru_.end()));
}

DirectoryCache::Stats DirectoryCache::stats() const {
    std::lock_guard lock(mutex_);
    Stats stats = stats_;
    stats.listings = lru_.size();
    return stats;
}

void DirectoryCache::clear() {
    std::lock_guard lock(mutex_);
    lru_.clear();
    index_.clear();
    stats_.entries = 0;
}

}  // namespace lapce_ai
