#pragma once

// Round trips travel from the clients that measure them to the service that publishes them in its
// metrics feed: a client reports what its histogram gained since the previous report, the service
// adds reports to one histogram.

#include <array>
#include <cstddef>
#include <cstdint>

#include "lapce_ai.pb.h"
#include "latency_histogram.h"

namespace lapce_ai::ipc {

// A report of every bucket with the largest count the service takes is 1,681 bytes; the service
// refuses payloads over this bound unread.
inline constexpr std::size_t kMaxRoundTripReportBytes = 4096;

// Gives `report` room for every bucket, so that filling or parsing it never allocates.
void reserve_every_bucket(proto::RoundTripReport& report);

// The client side: remembers what was already reported.
class RoundTripReporter {
  public:
    // Fills `report` with what `histogram` recorded since the previous call (buckets in
    // ascending order); false, with `report` empty, when it recorded nothing. `report`'s lists
    // keep their capacity, so a reused message allocates only the first time.
    bool take_report(const LatencyHistogram& histogram, proto::RoundTripReport& report);

  private:
    std::array<std::uint64_t, LatencyHistogram::kBuckets> reported_{};
};

// The service side: adds `report` to `histogram`. False, adding nothing, for a report no client
// sends: lists of different lengths, a bucket out of range or named twice, a count of zero or
// above 2^32, a max_ns below the highest bucket named.
bool merge_round_trip_report(const proto::RoundTripReport& report, LatencyHistogram& histogram);

}  // namespace lapce_ai::ipc
