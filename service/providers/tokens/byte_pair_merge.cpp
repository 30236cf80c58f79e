#include "byte_pair_merge.h"

#include <cassert>
#include <limits>

#include "o200k_rank_tables.h"
#include "o200k_token_hash.h"

namespace lapce_ai::providers {

namespace {

// No token has this rank: a pair that is not a token, or the last part.
constexpr std::uint32_t no_rank = std::numeric_limits<std::uint32_t>::max();

std::string_view token_bytes_of(const O200kRankTables& tables, std::uint32_t rank) {
    const auto begin = tables.token_offsets[rank];
    return tables.token_bytes.substr(begin, tables.token_offsets[rank + 1] - begin);
}

// Every part left after merging is a single byte or a merged pair, and every byte is a token
// (checked when the tables are generated), so this lookup cannot fail.
std::uint32_t rank_of_part(std::string_view bytes) {
    const auto rank = o200k_rank_of(bytes);
    assert(rank.has_value());
    return rank.value_or(no_rank);
}

}  // namespace

std::optional<std::uint32_t> o200k_rank_of(std::string_view bytes) {
    const auto& tables = o200k_rank_tables();
    const std::size_t slot_mask = tables.rank_slots.size() - 1;
    for (auto slot = static_cast<std::size_t>(o200k_token_slot(bytes));;
         slot = (slot + 1) & slot_mask) {
        const auto rank = tables.rank_slots[slot];
        if (rank == o200k_empty_slot) {
            return std::nullopt;
        }
        if (token_bytes_of(tables, rank) == bytes) {
            return rank;
        }
    }
}

void byte_pair_encode(std::string_view piece, std::vector<std::uint32_t>& tokens,
                      std::vector<BytePairPart>& parts) {
    if (piece.size() == 1) {
        tokens.push_back(rank_of_part(piece));
        return;
    }

    parts.clear();
    for (std::size_t i = 0; i <= piece.size(); ++i) {
        parts.push_back({static_cast<std::uint32_t>(i), no_rank});
    }
    // The rank of the bytes from part `i` to the end of part `i + skip + 1`.
    const auto pair_rank = [&](std::size_t i, std::size_t skip) -> std::uint32_t {
        if (i + skip + 2 >= parts.size()) {
            return no_rank;
        }
        const auto begin = parts[i].start;
        const auto rank = o200k_rank_of(piece.substr(begin, parts[i + skip + 2].start - begin));
        return rank.value_or(no_rank);
    };

    for (std::size_t i = 0; i + 2 < parts.size(); ++i) {
        parts[i].rank = pair_rank(i, 0);
    }
    while (parts.size() > 1) {
        std::uint32_t min_rank = no_rank;
        std::size_t min_index = 0;
        for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
            if (parts[i].rank < min_rank) {
                min_rank = parts[i].rank;
                min_index = i;
            }
        }
        if (min_rank == no_rank) {
            break;
        }
        // Part min_index + 1 joins part min_index: the pairs starting at min_index and at the
        // part before it now reach one part further.
        parts[min_index].rank = pair_rank(min_index, 1);
        if (min_index > 0) {
            parts[min_index - 1].rank = pair_rank(min_index - 1, 1);
        }
        parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(min_index) + 1);
    }

    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        tokens.push_back(
            rank_of_part(piece.substr(parts[i].start, parts[i + 1].start - parts[i].start)));
    }
}

}  // namespace lapce_ai::providers
