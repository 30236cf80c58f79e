#pragma once

// tiktoken's byte-pair merge over the o200k_base rank tables (o200k_rank_tables.h), the
// algorithm of dqbd/tiktoken's core (tiktoken 1.0.21): ranks of adjacent pairs are looked up
// once, then the lowest-ranked pair is merged repeatedly (the leftmost on ties), looking up
// only the two pairs around each merge.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace lapce_ai::providers {

// The rank of a token given by its bytes, nullopt when these bytes are not a token.
std::optional<std::uint32_t> o200k_rank_of(std::string_view bytes);

// A piece being merged: where a part starts and the rank of the pair starting there.
struct BytePairPart {
    std::uint32_t start;
    std::uint32_t rank;
};

// Appends the tokens of one pre-tokenised piece (byte_pair_encode). `parts` is scratch space,
// reused between calls so that pieces do not allocate.
void byte_pair_encode(std::string_view piece, std::vector<std::uint32_t>& tokens,
                      std::vector<BytePairPart>& parts);

}  // namespace lapce_ai::providers
