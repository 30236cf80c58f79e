#include "builtin_handlers.h"

#include <atomic>
#include <memory>
#include <string>

#include "frame.h"
#include "metrics_feed.h"
#include "service_metrics.h"

namespace lapce_ai::ipc {
namespace {

constexpr std::uint32_t kMaxEchoStreamChunks = 100'000'000;
constexpr std::uint32_t kEchoChunkOverhead = 32;  // sequence and field tags around the payload
// Each subscription holds a pool thread (shared with provider streams) while it runs.
constexpr int kMaxMetricsSubscriptions = 8;

template <typename Message>
bool parse(Message& message, const RequestContext& context, std::string_view what) {
    if (message.ParseFromArray(context.payload.data(), static_cast<int>(context.payload.size()))) {
        return true;
    }
    context.sink.send_error(proto::MALFORMED_PAYLOAD,
                            std::string("malformed ") + std::string(what) + " payload",
                            context.request_id);
    return false;
}

void handle_ping(RequestContext& context) {
    // One message pair per thread, reused: Clear()/parse keep their capacity, so an echo
    // allocates nothing after the first message of its size.
    thread_local proto::Ping ping;
    thread_local proto::Pong pong;
    if (!parse(ping, context, "Ping")) return;
    pong.set_sent_ns(ping.sent_ns());
    pong.mutable_payload()->swap(*ping.mutable_payload());
    context.sink.send(proto::PONG, proto::FLAG_END_OF_STREAM, context.request_id, pong);
}

void handle_echo_stream(RequestContext& context, std::uint32_t max_frame_bytes) {
    proto::EchoStreamRequest request;
    if (!parse(request, context, "EchoStreamRequest")) return;
    if (request.count() > kMaxEchoStreamChunks || max_frame_bytes < kEchoChunkOverhead ||
        request.chunk_bytes() > max_frame_bytes - kEchoChunkOverhead) {
        context.sink.send_error(proto::MALFORMED_PAYLOAD, "echo stream request exceeds the limits",
                                context.request_id);
        return;
    }
    proto::EchoStreamChunk chunk;
    chunk.mutable_payload()->assign(request.chunk_bytes(), 'x');
    const std::uint32_t count = std::max<std::uint32_t>(request.count(), 1);
    for (std::uint32_t i = 0; i < count; ++i) {
        if (context.cancelled.load(std::memory_order_acquire)) {
            context.sink.send_error(proto::CANCELLED, "the stream was cancelled",
                                    context.request_id);
            return;
        }
        chunk.set_sequence(i);
        const std::uint16_t flags =
            proto::FLAG_STREAM_CHUNK | (i + 1 == count ? proto::FLAG_END_OF_STREAM : 0);
        if (!context.sink.send(proto::ECHO_STREAM_CHUNK, flags, context.request_id, chunk)) return;
    }
}

}  // namespace

void fill_metrics_snapshot(ServiceMetrics& metrics, const MetricsContributor& contributor,
                           proto::MetricsSnapshot& snapshot, MessageRateWindow* window) {
    if (window != nullptr) {
        metrics.fill(snapshot, *window);
    } else {
        metrics.fill(snapshot);
    }
    if (contributor) contributor(snapshot);
}

void register_builtin_handlers(HandlerRegistry& registry, ServiceMetrics& metrics,
                               std::uint32_t max_frame_bytes, MetricsContributor contributor) {
    registry.add(proto::PING, Execution::Inline, handle_ping);
    registry.add(proto::METRICS_REQUEST, Execution::Inline,
                 [&metrics, contributor](RequestContext& context) {
                     thread_local proto::MetricsRequest request;
                     thread_local proto::MetricsSnapshot snapshot;
                     if (!parse(request, context, "MetricsRequest")) return;
                     // No Clear(): it would free the sub-messages; every field is overwritten
                     // instead.
                     fill_metrics_snapshot(metrics, contributor, snapshot, nullptr);
                     context.sink.send(proto::METRICS_SNAPSHOT, proto::FLAG_END_OF_STREAM,
                                       context.request_id, snapshot);
                 });
    registry.add(
        proto::SUBSCRIBE_METRICS, Execution::Pool,
        [&metrics, contributor = std::move(contributor),
         subscriptions = std::make_shared<std::atomic<int>>(0)](RequestContext& context) {
            const std::unique_ptr<std::atomic<int>, void (*)(std::atomic<int>*)> counted(
                subscriptions.get(), [](std::atomic<int>* count) { count->fetch_sub(1); });
            if (subscriptions->fetch_add(1) >= kMaxMetricsSubscriptions) {
                context.sink.send_error(proto::UNAVAILABLE, "too many metrics subscriptions",
                                        context.request_id);
                return;
            }
            run_metrics_feed(context, metrics.rate_window_now(),
                             [&](proto::MetricsSnapshot& snapshot, MessageRateWindow& window) {
                                 fill_metrics_snapshot(metrics, contributor, snapshot, &window);
                             });
        });
    registry.add(proto::ECHO_STREAM_REQUEST, Execution::Pool,
                 [max_frame_bytes](RequestContext& context) {
                     handle_echo_stream(context, max_frame_bytes);
                 });
}

}  // namespace lapce_ai::ipc
