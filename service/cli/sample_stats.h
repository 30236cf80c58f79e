#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace lapce_ai::cli {

// The q-quantile (nearest rank) of `samples`; reorders them.
inline double quantile(std::vector<double>& samples, double q) {
    if (samples.empty()) return 0;
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1));
    std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(rank),
                     samples.end());
    return samples[rank];
}

}  // namespace lapce_ai::cli
