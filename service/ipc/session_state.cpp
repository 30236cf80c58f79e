#include "session_state.h"

#include <QThreadPool>

#include <algorithm>

#include "service_metrics.h"

namespace lapce_ai::ipc {
namespace {

using Clock = std::chrono::steady_clock;

class StopCheck final : public LivenessCheck {
  public:
    explicit StopCheck(const std::atomic<bool>& stopping) : stopping_(stopping) {}
    bool keep_waiting() override { return !stopping_.load(std::memory_order_acquire); }

  private:
    const std::atomic<bool>& stopping_;
};

const std::atomic<bool> kNeverCancelled{false};

}  // namespace

std::shared_ptr<std::atomic<bool>> SessionState::begin_request(std::uint64_t request_id) {
    auto flag = std::make_shared<std::atomic<bool>>(false);
    std::lock_guard lock(requests_mutex);
    active_requests.emplace_back(request_id, flag);
    return flag;
}

void SessionState::end_request(std::uint64_t request_id) {
    std::lock_guard lock(requests_mutex);
    std::erase_if(active_requests, [&](const auto& entry) { return entry.first == request_id; });
}

void SessionState::cancel_request(std::uint64_t request_id) {
    std::lock_guard lock(requests_mutex);
    for (auto& [id, flag] : active_requests) {
        if (id == request_id) flag->store(true, std::memory_order_release);
    }
}

RingResponseSink::RingResponseSink(SessionState& state, std::chrono::milliseconds write_timeout,
                                   std::uint32_t max_frame_bytes, WaitPolicy wait)
    : state_(state),
      write_timeout_(write_timeout),
      max_frame_bytes_(max_frame_bytes),
      wait_(wait) {}

bool RingResponseSink::send(std::uint16_t kind, std::uint16_t flags, std::uint64_t request_id,
                            const google::protobuf::MessageLite& message) {
    std::lock_guard lock(mutex_);
    if (state_.stopping.load(std::memory_order_acquire)) return false;
    if (!encode_frame(buffer_, kind, flags, request_id, message, max_frame_bytes_)) {
        thread_local proto::Error too_large;
        too_large.set_code(proto::FRAME_TOO_LARGE);
        too_large.set_message("the response is larger than the maximum frame size");
        too_large.set_request_id(request_id);
        encode_frame(buffer_, proto::ERROR, proto::FLAG_END_OF_STREAM, request_id, too_large);
    }
    StopCheck stop(state_.stopping);
    const RingStatus status = state_.segment->service_to_client().write(
        {reinterpret_cast<const std::byte*>(buffer_.data()), buffer_.size()},
        WaitContext{Clock::now() + write_timeout_, &stop, wait_});
    if (status == RingStatus::Ok) return true;
    // A half-written frame leaves the ring without a frame boundary: the session cannot go on.
    state_.stopping.store(true, std::memory_order_release);
    state_.request_close();
    return false;
}

OutboxResponseSink::OutboxResponseSink(SessionState& state, std::uint32_t max_frame_bytes,
                                       std::function<void()> notify)
    : state_(state), max_frame_bytes_(max_frame_bytes), notify_(std::move(notify)) {}

bool OutboxResponseSink::send(std::uint16_t kind, std::uint16_t flags, std::uint64_t request_id,
                              const google::protobuf::MessageLite& message) {
    if (state_.stopping.load(std::memory_order_acquire)) return false;
    {
        std::lock_guard lock(mutex_);
        if (!encode_frame(buffer_, kind, flags, request_id, message, max_frame_bytes_)) {
            proto::Error too_large;
            too_large.set_code(proto::FRAME_TOO_LARGE);
            too_large.set_message("the response is larger than the maximum frame size");
            too_large.set_request_id(request_id);
            encode_frame(buffer_, proto::ERROR, proto::FLAG_END_OF_STREAM, request_id, too_large);
        }
        queued_.append(QByteArray(buffer_.data(), static_cast<qsizetype>(buffer_.size())));
    }
    notify_();
    return true;
}

QByteArrayList OutboxResponseSink::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(queued_, {});
}

void dispatch_frame(const FrameHeader& header, std::span<const std::byte> payload,
                    const std::shared_ptr<SessionState>& state, const HandlerRegistry& registry,
                    ServiceMetrics& metrics, QThreadPool& pool) {
    metrics.messages_in.fetch_add(1, std::memory_order_relaxed);
    if (header.kind == proto::CANCEL) {
        state->cancel_request(header.request_id);
        return;
    }
    const HandlerRegistry::Entry* entry = registry.find(header.kind);
    if (entry == nullptr) {
        metrics.protocol_errors.fetch_add(1, std::memory_order_relaxed);
        const std::string message = header.kind == proto::HELLO
                                        ? std::string("the handshake is already complete")
                                        : "unknown message kind " + std::to_string(header.kind);
        state->sink->send_error(proto::UNKNOWN_KIND, message, header.request_id);
        return;
    }
    if (entry->execution == Execution::Inline) {
        const auto started = Clock::now();
        RequestContext context{header.request_id, payload, *state->sink, kNeverCancelled};
        entry->handler(context);
        metrics.messages_out.fetch_add(1, std::memory_order_relaxed);
        metrics.handler_latency.record(Clock::now() - started);
        return;
    }
    auto cancelled = state->begin_request(header.request_id);
    pool.start(
        [state, entry, cancelled, &metrics, request_id = header.request_id,
         bytes = std::string(reinterpret_cast<const char*>(payload.data()), payload.size())] {
            RequestContext context{request_id,
                                   {reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()},
                                   *state->sink,
                                   *cancelled};
            entry->handler(context);
            metrics.messages_out.fetch_add(1, std::memory_order_relaxed);
            state->end_request(request_id);
        });
}

}  // namespace lapce_ai::ipc
