#pragma once

// SUBSCRIBE_METRICS: a MetricsSnapshot frame (FLAG_STREAM_CHUNK) every interval, driven by the
// subscription's own deadline, never by events; it ends with Error{CANCELLED} on CANCEL or when
// the session closes (which cancels every request of the session).

#include <chrono>
#include <cstdint>
#include <functional>

#include "handler_registry.h"
#include "service_metrics.h"

namespace lapce_ai::ipc {

// Fills a whole snapshot; messages_per_s covers the time since `window`, which moves to now.
// Called from any thread.
using SnapshotFiller =
    std::function<void(proto::MetricsSnapshot& snapshot, MessageRateWindow& window)>;

inline constexpr std::chrono::milliseconds kDefaultFeedInterval{500};
inline constexpr std::chrono::milliseconds kMinFeedInterval{100};
// Clients treat a stream silent for their request timeout (30 s by default) as dead.
inline constexpr std::chrono::milliseconds kMaxFeedInterval{10'000};

// The interval a subscription asking for `interval_ms` gets.
std::chrono::milliseconds feed_interval(std::uint32_t interval_ms);

// Runs one subscription on a pool thread until it is cancelled or its client is gone; the first
// frame's messages_per_s covers the time since `window` (the subscription's start).
void run_metrics_feed(RequestContext& context, MessageRateWindow window,
                      const SnapshotFiller& fill);

}  // namespace lapce_ai::ipc
