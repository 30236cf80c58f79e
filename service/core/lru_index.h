#pragma once

// Entries by path, most recently used first, within a cost budget: the bookkeeping the service's
// caches share. Not thread-safe: the cache that owns it holds its lock.

#include <cstddef>
#include <iterator>
#include <list>
#include <string>
#include <unordered_map>

namespace lapce_ai {

// Entry has a `std::string path`; Cost{}(entry) is what it counts against the budget.
template <typename Entry, typename Cost>
class LruIndex {
  public:
    explicit LruIndex(std::size_t budget) : budget_(budget) {}

    // The entry for `path` (nullptr when there is none), without changing the order.
    Entry* find(const std::string& path) {
        auto it = index_.find(path);
        return it == index_.end() ? nullptr : &*it->second;
    }

    // Makes the entry for `path` the most recently used.
    void touch(const std::string& path) {
        if (auto it = index_.find(path); it != index_.end()) {
            entries_.splice(entries_.begin(), entries_, it->second);
        }
    }

    // Stores `entry` as the most recently used (replacing the one with its path), then drops the
    // least recently used beyond the budget; the new entry stays even when it alone exceeds it.
    void insert(Entry entry) {
        erase(entry.path);
        entries_.push_front(std::move(entry));
        index_.emplace(entries_.front().path, entries_.begin());
        cost_ += Cost{}(entries_.front());
        while (cost_ > budget_ && entries_.size() > 1) erase_at(std::prev(entries_.end()));
    }

    void erase(const std::string& path) {
        if (auto it = index_.find(path); it != index_.end()) erase_at(it->second);
    }

    void clear() {
        entries_.clear();
        index_.clear();
        cost_ = 0;
    }

    std::size_t size() const { return entries_.size(); }
    std::size_t cost() const { return cost_; }

  private:
    using Iterator = typename std::list<Entry>::iterator;

    void erase_at(Iterator entry) {
        cost_ -= Cost{}(*entry);
        index_.erase(entry->path);
        entries_.erase(entry);
    }

    const std::size_t budget_;
    std::size_t cost_ = 0;
    std::list<Entry> entries_;
    std::unordered_map<std::string, Iterator> index_;
};

}  // namespace lapce_ai
