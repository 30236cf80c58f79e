#pragma once

#include <QByteArrayList>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "frame.h"
#include "handler_registry.h"
#include "ring_segment.h"
#include "ring_waker.h"
#ifndef _WIN32
#include "unique_fd.h"
#endif

class QThreadPool;

namespace lapce_ai {
struct ServiceMetrics;
}

namespace lapce_ai::ipc {

// What CANCEL sets for one pool request: the flag handlers poll, and a stop source whose
// callbacks run at once in the thread that read the CANCEL frame.
struct RequestCancellation {
    std::atomic<bool> flag{false};
    std::stop_source source;

    void cancel() {
        flag.store(true, std::memory_order_release);
        source.request_stop();
    }
};

// What a session shares with its ring thread and with the pool tasks it started; held by
// shared_ptr so that a task finishing after its client left still writes into valid memory
// (and is told, through send() returning false, that nobody listens any more).
struct SessionState {
    SessionState();

    std::atomic<bool> stopping{false};
    std::optional<RingSegment> segment;  // shared-memory transport
#ifndef _WIN32
    // Shared-memory transport with doorbell wake-ups: the session's socket, taken over from Qt
    // after the handshake (so that Qt never reads the doorbell bytes).
    UniqueFd doorbell_socket;
#endif
    std::unique_ptr<ResponseSink> sink;
    std::function<void()> request_close;  // thread-safe: asks the session to close

    // Pool requests that CANCEL can reach.
    std::mutex requests_mutex;
    std::vector<std::pair<std::uint64_t, std::shared_ptr<RequestCancellation>>> active_requests;

    // The client's ROUND_TRIP_REPORTs are read into this, with room for every bucket from the
    // start, so that reports cost no allocation. Used by the thread that reads the frames.
    proto::RoundTripReport round_trip_report;

    // A ring wait goes on while this is true: not asked to stop, and the client's socket (when
    // we hold it) still open.
    bool alive() const;

    std::shared_ptr<RequestCancellation> begin_request(std::uint64_t request_id);
    void end_request(std::uint64_t request_id);
    void cancel_request(std::uint64_t request_id);
    // The session is closing: every pool request stops (a metrics feed would otherwise wait for
    // its next frame before noticing).
    void cancel_all_requests();
};

class SessionLiveness final : public LivenessCheck {
  public:
    explicit SessionLiveness(const SessionState& state) : state_(state) {}
    bool keep_waiting() override { return state_.alive(); }

  private:
    const SessionState& state_;
};

// Answers go into the session's service→client ring; a client that does not read for
// `write_timeout` loses its session (a stalled client never stalls the others).
class RingResponseSink final : public ResponseSink {
  public:
    RingResponseSink(SessionState& state, std::chrono::milliseconds write_timeout,
                     std::uint32_t max_frame_bytes, WaitPolicy wait);
    bool send(std::uint16_t kind, std::uint16_t flags, std::uint64_t request_id,
              const google::protobuf::MessageLite& message) override;

  private:
    SessionState& state_;
    std::chrono::milliseconds write_timeout_;
    std::uint32_t max_frame_bytes_;
    WaitPolicy wait_;
    std::mutex mutex_;
    std::string buffer_;
};

// Answers for socket-transport clients: queued here, written by the session's thread. At most
// `high_water_bytes` may wait unwritten (queued or in the socket's buffer): beyond that a pool
// thread waits up to the write timeout and the session's own thread closes the session.
class OutboxResponseSink final : public ResponseSink {
  public:
    OutboxResponseSink(SessionState& state, std::uint32_t max_frame_bytes,
                       std::size_t high_water_bytes, std::chrono::milliseconds write_timeout,
                       std::function<void()> notify);
    bool send(std::uint16_t kind, std::uint16_t flags, std::uint64_t request_id,
              const google::protobuf::MessageLite& message) override;
    QByteArrayList take();
    // The socket wrote `bytes` to the client.
    void bytes_written(std::size_t bytes);

  private:
    bool give_up();

    SessionState& state_;
    std::uint32_t max_frame_bytes_;
    std::size_t high_water_bytes_;
    std::chrono::milliseconds write_timeout_;
    std::function<void()> notify_;
    std::thread::id owner_thread_;
    std::mutex mutex_;
    std::condition_variable room_;
    QByteArrayList queued_;
    std::size_t pending_bytes_ = 0;
    std::string buffer_;
};

// Routes one request frame: CANCEL, an inline handler, a pool handler, or a typed error.
void dispatch_frame(const FrameHeader& header, std::span<const std::byte> payload,
                    const std::shared_ptr<SessionState>& state, const HandlerRegistry& registry,
                    ServiceMetrics& metrics, QThreadPool& pool);

}  // namespace lapce_ai::ipc
