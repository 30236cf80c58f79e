#pragma once

// What processCaptures reads of a query capture (or of the markdown parser's imitation of one):
// its name, the rows of its node, whether the node has text, and the rows of the node's parent
// and of that parent's last child.

#include <cstdint>
#include <optional>
#include <string_view>

namespace lapce_ai::treesitter {

struct NodeRows {
    std::uint32_t start_row = 0;
    std::uint32_t end_row = 0;
};

struct Capture {
    std::string_view name;  // owned by the compiled query (or static for markdown)
    NodeRows node;
    bool has_text = false;           // node.text !== ""
    std::optional<NodeRows> parent;  // node.parent
    std::optional<std::uint32_t>
        parent_last_child_end_row;  // node.parent.lastChild.endPosition.row
};

}  // namespace lapce_ai::treesitter
