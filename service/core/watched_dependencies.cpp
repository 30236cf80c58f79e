#include "watched_dependencies.h"

namespace lapce_ai {
namespace {

thread_local WatchedDependencies* current_recording = nullptr;

}  // namespace

WatchedDependencies::WatchedDependencies() : outer_(current_recording) {
    current_recording = this;
}

WatchedDependencies::~WatchedDependencies() {
    current_recording = outer_;
    if (!outer_) return;
    if (complete_) {
        record(tokens_);
    } else {
        record_untracked();
    }
}

void WatchedDependencies::record(const std::optional<ChangeWatcher::Token>& token) {
    if (!current_recording) return;
    if (token) {
        current_recording->tokens_.push_back(*token);
    } else {
        current_recording->complete_ = false;
    }
}

void WatchedDependencies::record(std::span<const ChangeWatcher::Token> tokens) {
    if (!current_recording) return;
    current_recording->tokens_.insert(current_recording->tokens_.end(), tokens.begin(),
                                      tokens.end());
}

void WatchedDependencies::record_untracked() {
    if (current_recording) current_recording->complete_ = false;
}

}  // namespace lapce_ai
