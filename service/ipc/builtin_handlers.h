#pragma once

#include "handler_registry.h"

namespace lapce_ai {
struct ServiceMetrics;
}

namespace lapce_ai::ipc {

// PING (echo), METRICS_REQUEST (live counters and memory), ECHO_STREAM_REQUEST (a diagnostic
// stream for throughput measurements).
void register_builtin_handlers(HandlerRegistry& registry, ServiceMetrics& metrics,
                               std::uint32_t max_frame_bytes);

}  // namespace lapce_ai::ipc
