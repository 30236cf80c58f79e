#pragma once

// The o200k_base encoder of the pinned tiktoken npm package as const data (generated at build
// time by generate_o200k_ranks; the tables live in read-only pages of the executable).

#include <cstdint>
#include <span>
#include <string_view>

namespace lapce_ai::providers {

inline constexpr std::uint32_t o200k_empty_slot = 0xFFFFFFFFU;

struct O200kRankTables {
    // The package's pre-tokenisation regex (Rust regex syntax), as shipped.
    std::string_view pat_str;
    // Bytes of every token, concatenated in rank order.
    std::string_view token_bytes;
    // Token r is token_bytes[token_offsets[r], token_offsets[r + 1]); one entry more than tokens.
    std::span<const std::uint32_t> token_offsets;
    // An open-addressing hash table of ranks: the rank of a token is in slot
    // o200k_token_slot(bytes) or one of the slots after it (wrapping), before an empty one
    // (o200k_empty_slot). 2^o200k_rank_slot_bits entries.
    std::span<const std::uint32_t> rank_slots;
};

const O200kRankTables& o200k_rank_tables();

}  // namespace lapce_ai::providers
