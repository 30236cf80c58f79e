#include "definitions_engine.h"

namespace lapce_ai::treesitter {

DefinitionsEngine::DefinitionsEngine(FileReader& reader, DefinitionsOptions options)
    : reader_(reader), options_(std::move(options)), trees_(options_.tree_cache_budget) {}

Cancellation DefinitionsEngine::file_cancellation(const std::atomic<bool>* cancelled) const {
    return {std::chrono::steady_clock::now() + options_.file_timeout, cancelled};
}

}  // namespace lapce_ai::treesitter
