// Without inotify no token is given: the caches check every entry's stamp.

#include "change_watcher.h"

namespace lapce_ai {

struct ChangeWatcher::Node {};

ChangeWatcher::ChangeWatcher() = default;
ChangeWatcher::~ChangeWatcher() = default;

ChangeWatcher& ChangeWatcher::shared() {
    static ChangeWatcher watcher;
    return watcher;
}

bool ChangeWatcher::enabled() const {
    return false;
}

std::optional<ChangeWatcher::Token> ChangeWatcher::watch_file(const std::string&) {
    return std::nullopt;
}

std::optional<ChangeWatcher::Token> ChangeWatcher::watch_listing(const std::string&) {
    return std::nullopt;
}

ChangeWatcher::Check ChangeWatcher::check(const Token&) {
    return Check::Unknown;
}

bool ChangeWatcher::all_current(std::span<const Token>) {
    return false;
}

void ChangeWatcher::sync() {}

ChangeWatcher::Batch::Batch(ChangeWatcher&) : previous_(nullptr) {}

ChangeWatcher::Batch::~Batch() = default;

ChangeWatcher::Stats ChangeWatcher::stats() const {
    return {};
}

void ChangeWatcher::fail_watches_for_testing(bool) {}

void ChangeWatcher::simulate_overflow_for_testing() {}

}  // namespace lapce_ai
