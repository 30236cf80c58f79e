#pragma once

#include <functional>

#include "handler_registry.h"

namespace lapce_ai {
struct ServiceMetrics;
struct MessageRateWindow;
}  // namespace lapce_ai

namespace lapce_ai::ipc {

// Adds a subsystem's figures to a metrics snapshot (replacing what an earlier snapshot held in
// its fields); called on the session thread that answers METRICS_REQUEST, so it must be cheap.
using MetricsContributor = std::function<void(proto::MetricsSnapshot& snapshot)>;

// What METRICS_REQUEST and every SUBSCRIBE_METRICS frame carry: `metrics`' figures, then
// `contributor`'s. messages_per_s covers the time since `window` (moved to now), or with a null
// window the time since the previous METRICS_REQUEST.
void fill_metrics_snapshot(ServiceMetrics& metrics, const MetricsContributor& contributor,
                           proto::MetricsSnapshot& snapshot, MessageRateWindow* window);

// PING (echo), METRICS_REQUEST (live counters and memory, then `contributor`'s figures),
// SUBSCRIBE_METRICS (the same snapshot every interval, see metrics_feed.h), ECHO_STREAM_REQUEST
// (a diagnostic stream for throughput measurements). `contributor` is called from any thread.
void register_builtin_handlers(HandlerRegistry& registry, ServiceMetrics& metrics,
                               std::uint32_t max_frame_bytes,
                               MetricsContributor contributor = nullptr);

}  // namespace lapce_ai::ipc
