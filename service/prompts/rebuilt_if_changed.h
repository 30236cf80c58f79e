#pragma once

// Sections that are pure functions of a few small inputs are built for every prompt from the
// same inputs; the last result of each call site is kept per thread with the inputs it came
// from, and built again only when they change.

#include <optional>
#include <string>
#include <utility>

namespace lapce_ai::prompts {

// build() when `key` differs from the key of this call site's previous call on this thread, the
// previous result otherwise. Each call site (its lambda's type) has a slot of its own.
template <typename Key, typename Build>
std::string rebuilt_if_changed(Key key, Build build) {
    thread_local std::optional<std::pair<Key, std::string>> last;
    if (!last || last->first != key) last.emplace(std::move(key), build());
    return last->second;
}

}  // namespace lapce_ai::prompts
