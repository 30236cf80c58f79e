#include "metrics_feed.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "parse_request.h"
#include "service_metrics.h"

namespace lapce_ai::ipc {

std::chrono::milliseconds feed_interval(std::uint32_t interval_ms) {
    if (interval_ms == 0) return kDefaultFeedInterval;
    return std::clamp(std::chrono::milliseconds(interval_ms), kMinFeedInterval, kMaxFeedInterval);
}

void run_metrics_feed(RequestContext& context, MessageRateWindow window,
                      const SnapshotFiller& fill) {
    using Clock = std::chrono::steady_clock;
    proto::SubscribeMetrics request;
    if (!parse_request(request, context, "SubscribeMetrics")) return;
    const auto interval = feed_interval(request.interval_ms());

    proto::MetricsSnapshot snapshot;
    std::mutex mutex;
    std::condition_variable_any wake;
    auto deadline = Clock::now() + interval;
    for (std::uint64_t sequence = 1;; ++sequence) {
        {
            std::unique_lock lock(mutex);
            // Wakes at the deadline, or at once when CANCEL (or the session's close) stops the
            // token; nothing else notifies.
            wake.wait_until(lock, context.cancellation, deadline, [] { return false; });
        }
        if (context.cancellation.stop_requested() ||
            context.cancelled.load(std::memory_order_acquire)) {
            context.sink.send_error(proto::CANCELLED, "the metrics feed was cancelled",
                                    context.request_id);
            return;
        }
        fill(snapshot, window);
        snapshot.set_sequence(sequence);
        if (!context.sink.send(proto::METRICS_SNAPSHOT, proto::FLAG_STREAM_CHUNK,
                               context.request_id, snapshot)) {
            return;  // the client is gone
        }
        // A frame that went out late (a slow client) moves the schedule instead of bursting.
        deadline += interval;
        if (const auto now = Clock::now(); deadline <= now) deadline = now + interval;
    }
}

}  // namespace lapce_ai::ipc
