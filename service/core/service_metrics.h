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
    LatencyHistogram handler_latency;
    LatencyHistogram recovery_duration;

    const std::int64_t started_at_ms;
    const std::chrono::steady_clock::time_point started;

    void fill(ipc::proto::MetricsSnapshot& snapshot);

  private:
    std::mutex rate_mutex_;
    std::chrono::steady_clock::time_point rate_since_;
    std::uint64_t rate_messages_ = 0;
};

}  // namespace lapce_ai
