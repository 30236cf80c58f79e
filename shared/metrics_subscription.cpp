#include "metrics_subscription.h"

#include <algorithm>
#include <limits>

namespace lapce_ai::ipc {

Expected<void, ClientError> subscribe_metrics(
    IpcClient& client, std::chrono::milliseconds interval,
    FunctionRef<bool(const proto::MetricsSnapshot& snapshot)> on_snapshot) {
    proto::SubscribeMetrics request;
    request.set_interval_ms(static_cast<std::uint32_t>(
        std::clamp<std::int64_t>(interval.count(), 0, std::numeric_limits<std::uint32_t>::max())));
    proto::MetricsSnapshot snapshot;
    bool declined = false;
    bool malformed = false;
    auto streamed = client.stream(
        proto::SUBSCRIBE_METRICS, request,
        [&](const FrameHeader& header, std::span<const std::byte> payload) {
            if (header.kind != proto::METRICS_SNAPSHOT ||
                !snapshot.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
                malformed = true;
                return false;
            }
            declined = !on_snapshot(snapshot);
            return !declined;
        });
    if (malformed) {
        return unexpected(
            ClientError{proto::MALFORMED_PAYLOAD, "the metrics feed sent a malformed frame"});
    }
    if (!streamed && declined && streamed.error().code == proto::CANCELLED) return {};
    return streamed;
}

const proto::LatencySummary& ipc_latency(const proto::MetricsSnapshot& snapshot) {
    return snapshot.round_trip().count() > 0 ? snapshot.round_trip() : snapshot.handler_latency();
}

}  // namespace lapce_ai::ipc
