#pragma once

// The o200k_base encoder of the pinned tiktoken npm package as const data (generated at build
// time by generate_o200k_ranks; the tables live in read-only pages of the executable).

#include <cstdint>
#include <span>
#include <string_view>

namespace lapce_ai::providers {

struct O200kRankTables {
    // The package's pre-tokenisation regex (Rust regex syntax), as shipped.
    std::string_view pat_str;
    // Bytes of every token, concatenated in rank order.
    std::string_view token_bytes;
    // Token r is token_bytes[token_offsets[r], token_offsets[r + 1]); one entry more than tokens.
    std::span<const std::uint32_t> token_offsets;
    // Every rank once, ordered by its token's bytes (compared as unsigned bytes).
    std::span<const std::uint32_t> ranks_in_byte_order;
};

const O200kRankTables& o200k_rank_tables();

}  // namespace lapce_ai::providers
