#pragma once

// Feeds a body to a stream decoder whole, a byte at a time and in random slices: every way of
// cutting it must decode to the same thing.

#include <cstddef>
#include <random>
#include <string_view>
#include <vector>

namespace lapce_ai::test {

// The slice sizes of each way of cutting a body of `size` bytes.
inline std::vector<std::vector<std::size_t>> slicings(std::size_t size, unsigned seed = 7) {
    std::vector<std::vector<std::size_t>> result;
    result.push_back({size});
    result.push_back(std::vector<std::size_t>(size, 1));
    std::mt19937 random(seed);
    for (int round = 0; round < 20; ++round) {
        std::vector<std::size_t> cuts;
        std::size_t left = size;
        while (left > 0) {
            const std::size_t piece = std::min<std::size_t>(
                left, std::uniform_int_distribution<std::size_t>(0, 9)(random));
            cuts.push_back(piece);  // empty slices too
            left -= piece;
        }
        result.push_back(cuts);
    }
    return result;
}

template <typename Feed>
void feed_in_slices(std::string_view body, const std::vector<std::size_t>& cuts, Feed feed) {
    std::size_t at = 0;
    for (std::size_t piece : cuts) {
        feed(body.substr(at, piece));
        at += piece;
    }
}

}  // namespace lapce_ai::test
