#include "latency_histogram.h"

#include <algorithm>
#include <bit>

namespace lapce_ai {

std::size_t LatencyHistogram::bucket_of(std::uint64_t nanoseconds) {
    if (nanoseconds < kSubBuckets) return static_cast<std::size_t>(nanoseconds);
    const auto exponent = static_cast<std::size_t>(std::bit_width(nanoseconds) - 1);
    const auto fraction =
        static_cast<std::size_t>((nanoseconds >> (exponent - 2)) & (kSubBuckets - 1));
    return exponent * kSubBuckets + fraction;
}

double LatencyHistogram::bucket_midpoint_ns(std::size_t bucket) {
    if (bucket < kSubBuckets) return static_cast<double>(bucket);
    const std::size_t exponent = bucket / kSubBuckets;
    const std::size_t fraction = bucket % kSubBuckets;
    const double low = static_cast<double>(1ull << exponent) *
                       (1.0 + static_cast<double>(fraction) / static_cast<double>(kSubBuckets));
    const double width = static_cast<double>(1ull << exponent) / static_cast<double>(kSubBuckets);
    return low + width / 2.0;
}

void LatencyHistogram::record(std::chrono::nanoseconds duration) {
    const auto ns = static_cast<std::uint64_t>(duration.count() < 0 ? 0 : duration.count());
    buckets_[bucket_of(ns)].fetch_add(1, std::memory_order_relaxed);
    raise_max(ns);
}

void LatencyHistogram::add(std::size_t bucket, std::uint64_t count, std::uint64_t max_ns) {
    buckets_[bucket].fetch_add(count, std::memory_order_relaxed);
    raise_max(max_ns);
}

void LatencyHistogram::raise_max(std::uint64_t ns) {
    std::uint64_t seen = max_ns_.load(std::memory_order_relaxed);
    while (ns > seen && !max_ns_.compare_exchange_weak(seen, ns, std::memory_order_relaxed)) {
    }
}

LatencyPercentiles LatencyHistogram::percentiles() const {
    std::array<std::uint64_t, kBuckets> counts{};
    LatencyPercentiles result;
    for (std::size_t i = 0; i < kBuckets; ++i) {
        counts[i] = buckets_[i].load(std::memory_order_relaxed);
        result.count += counts[i];
    }
    result.max_us = static_cast<double>(max_ns_.load(std::memory_order_relaxed)) / 1000.0;
    if (result.count == 0) return result;
    auto quantile = [&](double q) {
        const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(result.count - 1)) + 1;
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < kBuckets; ++i) {
            seen += counts[i];
            // A bucket's midpoint can lie above the longest duration in it.
            if (seen >= rank) return std::min(bucket_midpoint_ns(i) / 1000.0, result.max_us);
        }
        return result.max_us;
    };
    result.p50_us = quantile(0.50);
    result.p99_us = quantile(0.99);
    result.p999_us = quantile(0.999);
    return result;
}

}  // namespace lapce_ai
