#pragma once

#include <string_view>

namespace lapce_ai::treesitter {

// The exact query text the reference passes to `new Query(...)` for `query_name` (the file
// resources/treesitter/queries/<query_name>.scm, byte for byte, but for tsx: typescript.scm then
// tsx.scm, as the reference composes it), viewing the bytes embedded in
// the binary; empty when there is no such query.
std::string_view query_source(std::string_view query_name);

}  // namespace lapce_ai::treesitter
