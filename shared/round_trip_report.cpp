#include "round_trip_report.h"

#include <algorithm>
#include <bitset>

namespace lapce_ai::ipc {

void reserve_every_bucket(proto::RoundTripReport& report) {
    report.mutable_buckets()->Reserve(static_cast<int>(LatencyHistogram::kBuckets));
    report.mutable_counts()->Reserve(static_cast<int>(LatencyHistogram::kBuckets));
}

bool RoundTripReporter::take_report(const LatencyHistogram& histogram,
                                    proto::RoundTripReport& report) {
    report.clear_buckets();
    report.clear_counts();
    report.clear_max_ns();
    for (std::size_t bucket = 0; bucket < LatencyHistogram::kBuckets; ++bucket) {
        const std::uint64_t count = histogram.bucket_count(bucket);
        if (count == reported_[bucket]) continue;
        report.add_buckets(static_cast<std::uint32_t>(bucket));
        report.add_counts(count - reported_[bucket]);
        reported_[bucket] = count;
    }
    if (report.buckets_size() == 0) return false;
    report.set_max_ns(histogram.max_ns());
    return true;
}

bool merge_round_trip_report(const proto::RoundTripReport& report, LatencyHistogram& histogram) {
    // A report holds about a second of one client's calls (more only when calls take longer).
    constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 32;
    if (report.buckets_size() != report.counts_size()) return false;
    std::bitset<LatencyHistogram::kBuckets> seen;
    std::uint32_t highest = 0;
    for (int i = 0; i < report.buckets_size(); ++i) {
        const std::uint32_t bucket = report.buckets(i);
        const std::uint64_t count = report.counts(i);
        if (bucket >= LatencyHistogram::kBuckets || seen.test(bucket) || count == 0 ||
            count > kMaxCount)
            return false;
        seen.set(bucket);
        highest = std::max(highest, bucket);
    }
    // The longest round trip lies in the highest bucket reported or above it.
    if (LatencyHistogram::bucket_of(report.max_ns()) < highest) return false;
    for (int i = 0; i < report.buckets_size(); ++i)
        histogram.add(report.buckets(i), report.counts(i), report.max_ns());
    return true;
}

}  // namespace lapce_ai::ipc
