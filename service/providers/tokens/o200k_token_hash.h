#pragma once

// The hash that places tokens in O200kRankTables::rank_slots: shared by the generator, which
// fills the table, and the encoder, which probes it.

#include <cstdint>
#include <string_view>

namespace lapce_ai::providers {

// 2^19 slots for 199,998 tokens: a load of 0.38 keeps linear probing short, also for the many
// byte pairs byte-pair merging asks about that are not tokens.
inline constexpr unsigned o200k_rank_slot_bits = 19;

// FNV-1a over the bytes, then a Fibonacci multiply so that the slot takes the well-mixed high
// bits.
constexpr std::uint32_t o200k_token_slot(std::string_view bytes) {
    std::uint32_t hash = 2166136261U;
    for (const char c : bytes) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
    }
    return (hash * 2654435769U) >> (32 - o200k_rank_slot_bits);
}

}  // namespace lapce_ai::providers
