#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace lapce_ai {

struct LatencyPercentiles {
    std::uint64_t count = 0;
    double p50_us = 0;
    double p99_us = 0;
    double p999_us = 0;
    double max_us = 0;
};

// A lock-free log-bucket histogram of durations: four buckets per power of two of nanoseconds
// (relative error below 19%), so recording is one relaxed increment and reading never blocks
// a writer.
class LatencyHistogram {
  public:
    void record(std::chrono::nanoseconds duration);
    LatencyPercentiles percentiles() const;

    static std::size_t bucket_of(std::uint64_t nanoseconds);
    static double bucket_midpoint_ns(std::size_t bucket);

  private:
    static constexpr std::size_t kSubBuckets = 4;
    static constexpr std::size_t kBuckets = 64 * kSubBuckets;
    std::array<std::atomic<std::uint64_t>, kBuckets> buckets_{};
    std::atomic<std::uint64_t> max_ns_{0};
};

}  // namespace lapce_ai
