#include "session_state.h"

#include <QThreadPool>

#include <algorithm>
#include <exception>
#include <thread>

#include "round_trip_report.h"
#include "service_metrics.h"
#ifndef _WIN32
#include "unix_socket.h"
#endif

namespace lapce_ai::ipc {
namespace {

using Clock = std::chrono::steady_clock;

const std::atomic<bool> kNeverCancelled{false};

// Encodes a response, or in its place an error when it exceeds the frame limit.
void encode_response(std::string& buffer, std::uint16_t kind, std::uint16_t flags,
                     std::uint64_t request_id, const google::protobuf::MessageLite& message,
                     std::uint32_t max_frame_bytes) {
    if (encode_frame(buffer, kind, flags, request_id, message, max_frame_bytes)) return;
    thread_local proto::Error too_large;
    too_large.set_code(proto::FRAME_TOO_LARGE);
    too_large.set_message("the response is larger than the maximum frame size");
    too_large.set_request_id(request_id);
    encode_frame(buffer, proto::ERROR, proto::FLAG_END_OF_STREAM, request_id, too_large);
}

// A client's ROUND_TRIP_REPORT goes into the metrics; it has no reply unless it is unreadable.
void record_round_trip_report(const FrameHeader& header, std::span<const std::byte> payload,
                              SessionState& state, ServiceMetrics& metrics) {
    // Refused unread when larger than any client's report, which also bounds what the session's
    // reused message can grow to.
    proto::RoundTripReport& report = state.round_trip_report;
    if (payload.size() <= kMaxRoundTripReportBytes &&
        report.ParseFromArray(payload.data(), static_cast<int>(payload.size())) &&
        merge_round_trip_report(report, metrics.client_round_trips)) {
        return;
    }
    metrics.protocol_errors.fetch_add(1, std::memory_order_relaxed);
    state.sink->send_error(proto::MALFORMED_PAYLOAD, "unreadable round-trip report",
                           header.request_id);
}

}  // namespace

SessionState::SessionState() {
    reserve_every_bucket(round_trip_report);
}

bool SessionState::alive() const {
    if (stopping.load(std::memory_order_acquire)) return false;
#ifndef _WIN32
    if (doorbell_socket.valid()) return !UnixSocket::peer_closed(doorbell_socket.get());
#endif
    return true;
}

std::shared_ptr<RequestCancellation> SessionState::begin_request(std::uint64_t request_id) {
    auto cancellation = std::make_shared<RequestCancellation>();
    std::lock_guard lock(requests_mutex);
    active_requests.emplace_back(request_id, cancellation);
    return cancellation;
}

void SessionState::end_request(std::uint64_t request_id) {
    std::lock_guard lock(requests_mutex);
    std::erase_if(active_requests, [&](const auto& entry) { return entry.first == request_id; });
}

void SessionState::cancel_request(std::uint64_t request_id) {
    std::lock_guard lock(requests_mutex);
    for (auto& [id, cancellation] : active_requests) {
        if (id == request_id) cancellation->cancel();
    }
}

void SessionState::cancel_all_requests() {
    std::lock_guard lock(requests_mutex);
    for (auto& entry : active_requests) entry.second->cancel();
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
    encode_response(buffer_, kind, flags, request_id, message, max_frame_bytes_);
    SessionLiveness stop(state_);
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
                                       std::size_t high_water_bytes,
                                       std::chrono::milliseconds write_timeout,
                                       std::function<void()> notify)
    : state_(state),
      max_frame_bytes_(max_frame_bytes),
      high_water_bytes_(high_water_bytes),
      write_timeout_(write_timeout),
      notify_(std::move(notify)),
      owner_thread_(std::this_thread::get_id()) {}

bool OutboxResponseSink::give_up() {
    state_.stopping.store(true, std::memory_order_release);
    state_.request_close();
    return false;
}

bool OutboxResponseSink::send(std::uint16_t kind, std::uint16_t flags, std::uint64_t request_id,
                              const google::protobuf::MessageLite& message) {
    std::unique_lock lock(mutex_);
    if (state_.stopping.load(std::memory_order_acquire)) return false;
    if (pending_bytes_ >= high_water_bytes_) {
        // The session's own thread must never block: a client that lets this much pile up
        // has stopped reading. A pool thread waits for room, bounded by the write timeout.
        if (std::this_thread::get_id() == owner_thread_) return give_up();
        const auto deadline = Clock::now() + write_timeout_;
        while (pending_bytes_ >= high_water_bytes_) {
            if (state_.stopping.load(std::memory_order_acquire)) return false;
            if (Clock::now() >= deadline) return give_up();
            room_.wait_for(lock, std::chrono::milliseconds(20));
        }
    }
    encode_response(buffer_, kind, flags, request_id, message, max_frame_bytes_);
    queued_.append(QByteArray(buffer_.data(), static_cast<qsizetype>(buffer_.size())));
    pending_bytes_ += buffer_.size();
    lock.unlock();
    notify_();
    return true;
}

QByteArrayList OutboxResponseSink::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(queued_, {});
}

void OutboxResponseSink::bytes_written(std::size_t bytes) {
    {
        std::lock_guard lock(mutex_);
        pending_bytes_ -= std::min(bytes, pending_bytes_);
    }
    room_.notify_all();
}

void dispatch_frame(const FrameHeader& header, std::span<const std::byte> payload,
                    const std::shared_ptr<SessionState>& state, const HandlerRegistry& registry,
                    ServiceMetrics& metrics, QThreadPool& pool) {
    metrics.messages_in.fetch_add(1, std::memory_order_relaxed);
    if (header.kind == proto::CANCEL) {
        state->cancel_request(header.request_id);
        return;
    }
    if (header.kind == proto::ROUND_TRIP_REPORT) {
        record_round_trip_report(header, payload, *state, metrics);
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
        RequestContext context{header.request_id, payload, *state->sink, kNeverCancelled, {}};
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
                                   cancelled->flag,
                                   cancelled->source.get_token()};
            // A handler that throws (out of memory, a library error) fails its own request only.
            try {
                entry->handler(context);
            } catch (const std::exception& error) {
                state->sink->send_error(proto::INTERNAL, error.what(), request_id);
            }
            metrics.messages_out.fetch_add(1, std::memory_order_relaxed);
            state->end_request(request_id);
        });
}

}  // namespace lapce_ai::ipc
