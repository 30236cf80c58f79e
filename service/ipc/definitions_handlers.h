#pragma once

// Code definitions over IPC: ListCodeDefinitions (file or directory), and the editor's DidChange
// and DidClose, which keep open documents' trees current.

#include "definitions_engine.h"
#include "handler_registry.h"

namespace lapce_ai::ipc {

// The tree cache's figures for a metrics snapshot.
void fill_tree_cache_metrics(const treesitter::TreeCache::Stats& stats,
                             proto::TreeCacheMetrics& metrics);

// `engine` outlives the registry's handlers.
void register_definitions_handlers(HandlerRegistry& registry,
                                   treesitter::DefinitionsEngine& engine);

}  // namespace lapce_ai::ipc
