#pragma once

#include <functional>

#include "handler_registry.h"

namespace lapce_ai {
struct ServiceMetrics;
}

namespace lapce_ai::ipc {

// Adds a subsystem's figures to a metrics snapshot (replacing what an earlier snapshot held in
// its fields); called on the session thread that answers METRICS_REQUEST, so it must be cheap.
using MetricsContributor = std::function<void(proto::MetricsSnapshot& snapshot)>;

// PING (echo), METRICS_REQUEST (live counters and memory, then `contributor`'s figures),
// ECHO_STREAM_REQUEST (a diagnostic stream for throughput measurements).
void register_builtin_handlers(HandlerRegistry& registry, ServiceMetrics& metrics,
                               std::uint32_t max_frame_bytes,
                               MetricsContributor contributor = nullptr);

}  // namespace lapce_ai::ipc
