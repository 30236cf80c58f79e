#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "latency_histogram.h"

namespace lapce_ai {
namespace ipc::proto {
class MetricsSnapshot;
}

// Where a messages-per-second figure starts: the messages counted at a moment. Each metrics
// subscription keeps its own, so that its rate covers the time since its previous frame.
struct MessageRateWindow {
    std::chrono::steady_clock::time_point since;
    std::uint64_t messages = 0;
};

// The service's live counters. Written lock-free from every session thread; read when a client
// asks for a MetricsSnapshot.
struct ServiceMetrics {
    explicit ServiceMetrics(std::int64_t started_at_ms);

    std::atomic<std::uint64_t> sessions_active{0};
    std::atomic<std::uint64_t> sessions_total{0};
    std::atomic<std::uint64_t> messages_in{0};
    std::atomic<std::uint64_t> messages_out{0};
    std::atomic<std::uint64_t> protocol_errors{0};
    std::atomic<std::uint64_t> recoveries_total{0};
    // The newest recovery a client reported in its Hello (0 at: none yet).
    std::atomic<std::uint64_t> last_recovery_us{0};
    std::atomic<std::int64_t> last_recovery_at_ms{0};
    // Set once at start-up, before any session exists (from the restart state file).
    std::uint64_t service_starts = 0;
    std::uint64_t unclean_restarts = 0;
    LatencyHistogram handler_latency;
    // IPC round trips as clients measured them (their ROUND_TRIP_REPORTs).
    LatencyHistogram client_round_trips;
    LatencyHistogram recovery_duration;

    const std::int64_t started_at_ms;
    const std::chrono::steady_clock::time_point started;

    // Counts a recovery a client reported, `at_ms` since the Unix epoch.
    void record_recovery(std::chrono::microseconds duration, std::int64_t at_ms);

    // Fills every field this struct knows; messages_per_s covers the time since `window`, which
    // then moves to now.
    void fill(ipc::proto::MetricsSnapshot& snapshot, MessageRateWindow& window) const;
    // As above, with one window shared by every caller (METRICS_REQUEST): thread-safe.
    void fill(ipc::proto::MetricsSnapshot& snapshot);
    // A window that starts now.
    MessageRateWindow rate_window_now() const;

  private:
    std::mutex rate_mutex_;
    MessageRateWindow shared_window_;
};

}  // namespace lapce_ai
