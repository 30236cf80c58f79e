#pragma once

// The client side of the service's metrics feed (SUBSCRIBE_METRICS).

#include <chrono>

#include "expected.h"
#include "function_ref.h"
#include "ipc_client.h"
#include "lapce_ai.pb.h"

namespace lapce_ai::ipc {

// Subscribes on `client` and hands every MetricsSnapshot frame to `on_snapshot`, blocking the
// calling thread (the client is busy meanwhile: use a client of its own for the feed). The
// service sends a frame every `interval` (0: 500 ms; clamped to 100 ms … 10 s). Ends with
// success when `on_snapshot` returns false (the subscription is cancelled), with CANCELLED when
// another thread called client.request_cancel(), and with the client's error when the service
// went away (SERVICE_RESTARTED or UNAVAILABLE once reconnecting gave up: subscribe again).
Expected<void, ClientError> subscribe_metrics(
    IpcClient& client, std::chrono::milliseconds interval,
    FunctionRef<bool(const proto::MetricsSnapshot& snapshot)> on_snapshot);

// The IPC latency a snapshot shows: the round trips clients reported, or while none has, the
// service's handling time (the part of a round trip it sees itself).
const proto::LatencySummary& ipc_latency(const proto::MetricsSnapshot& snapshot);

}  // namespace lapce_ai::ipc
