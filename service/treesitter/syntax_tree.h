#pragma once

// Owned tree-sitter trees and the one way the service parses: the reference's JavaScript string
// as UTF-16LE (parsing UTF-8 gives other trees for some files with syntax errors, whose error
// costs count bytes), stoppable by a deadline or a cancellation flag.

#include <cstddef>
#include <memory>

#include <tree_sitter/api.h>

#include "compiled_query.h"
#include "source_text.h"

namespace lapce_ai::treesitter {

struct TreeDeleter {
    void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

// A cheap shared copy (tree-sitter trees are reference counted and immutable).
inline TreePtr copy_tree(const TSTree* tree) {
    return TreePtr(tree ? ts_tree_copy(tree) : nullptr);
}

// The tree of `text` (null when stopped). With `old_tree` (already ts_tree_edit-ed to match
// `text`), unchanged parts are reused.
TreePtr parse_source(TSParser* parser, const SourceText& text, const TSTree* old_tree,
                     const Cancellation& cancellation);

// What a tree costs the caches' byte budgets: its nodes and the text it was parsed from.
std::size_t tree_cost(const TSTree* tree);

}  // namespace lapce_ai::treesitter
