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
    static constexpr std::size_t kSubBuckets = 4;

  public:
    static constexpr std::size_t kBuckets = 64 * kSubBuckets;

    void record(std::chrono::nanoseconds duration);
    // Adds `count` durations of `bucket` (< kBuckets) the longest of which took `max_ns`: what
    // another histogram recorded, e.g. a client's report.
    void add(std::size_t bucket, std::uint64_t count, std::uint64_t max_ns);
    LatencyPercentiles percentiles() const;
    std::uint64_t bucket_count(std::size_t bucket) const {
        return buckets_[bucket].load(std::memory_order_relaxed);
    }
    std::uint64_t max_ns() const { return max_ns_.load(std::memory_order_relaxed); }

    static std::size_t bucket_of(std::uint64_t nanoseconds);
    static double bucket_midpoint_ns(std::size_t bucket);

  private:
    void raise_max(std::uint64_t ns);

    std::array<std::atomic<std::uint64_t>, kBuckets> buckets_{};
    std::atomic<std::uint64_t> max_ns_{0};
};

}  // namespace lapce_ai
