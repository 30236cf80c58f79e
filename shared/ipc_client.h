#pragma once

#include <QString>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "expected.h"
#include "frame.h"
#include "function_ref.h"
#include "lapce_ai.pb.h"
#include "latency_histogram.h"
#include "ring_segment.h"
#include "ring_waker.h"
#include "round_trip_report.h"

namespace lapce_ai::ipc {

struct ClientError {
    proto::ErrorCode code = proto::UNAVAILABLE;
    std::string message;
};

// How a client gets back to a service that died: attempts at 0, 1, 2, 4 … ms (doubling up to
// max_backoff) until give_up_after has passed since the failure was noticed.
struct ReconnectPolicy {
    bool enabled = true;
    // A failed connect to a local socket costs microseconds, so retrying often is cheap, and a
    // restarted service is found within 4 ms of it listening.
    std::chrono::milliseconds max_backoff{4};
    std::chrono::milliseconds give_up_after{10000};
};

struct RecoveryStats {
    std::uint64_t recoveries = 0;  // successful reconnects after a lost service
    std::uint64_t failed_recoveries = 0;
    std::uint64_t last_recovery_us = 0;  // from noticing the loss to a working session
    std::uint64_t total_recovery_us = 0;
};

struct ClientOptions {
    QString socket_dir;  // empty: the default runtime directory
    std::string client_name = "lapce-ai";
    proto::Transport transport = proto::TRANSPORT_SHM;
    // How the shared-memory rings wake a sleeping side: the futex where there is one, named
    // events on Windows, the socket doorbell on other POSIX systems (it works on Linux too).
#ifdef _WIN32
    proto::WakeMode wake = proto::WAKE_EVENTS;
#else
    proto::WakeMode wake = futex_available() ? proto::WAKE_FUTEX : proto::WAKE_DOORBELL;
#endif
    ReconnectPolicy reconnect{};
    QString service_program;  // started when no service answers; empty: never
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds request_timeout{30000};
    std::uint32_t max_frame_bytes = kDefaultMaxFrameBytes;
    WaitPolicy wait_policy{};
};

enum class Idempotency { Idempotent, NotIdempotent };

// One connection to lapce-ai-service. Calls block the calling thread; one call runs at a time
// (calls from several threads are serialised). request_cancel() may be called from any thread.
// After warm-up a call allocates nothing on the shared-memory transport. The round trips of its
// calls go to the service (ROUND_TRIP_REPORT) at most once a second, before a request, and when
// it disconnects.
class IpcClient {
  public:
    using FrameHandler = FunctionRef<bool(const FrameHeader&, std::span<const std::byte>)>;

    explicit IpcClient(ClientOptions options);
    ~IpcClient();  // disconnects
    IpcClient(const IpcClient&) = delete;
    IpcClient& operator=(const IpcClient&) = delete;

    // Connects (starting the service first when configured and none answers).
    Expected<void, ClientError> connect();
    void disconnect();
    bool is_connected() const { return connection_ != nullptr; }
    const proto::Welcome& welcome() const { return welcome_; }

    // Sends `request` and waits for a `reply_kind` frame, parsed into `reply`. If the service
    // dies meanwhile, the client reconnects; an idempotent request is then sent again, any other
    // ends with SERVICE_RESTARTED.
    Expected<void, ClientError> call(proto::MessageKind kind,
                                     const google::protobuf::MessageLite& request,
                                     proto::MessageKind reply_kind,
                                     google::protobuf::MessageLite& reply,
                                     Idempotency idempotency = Idempotency::Idempotent);

    // Sends `request` and hands every frame of the streamed answer to `on_frame` until the frame
    // flagged FLAG_END_OF_STREAM. Returning false from `on_frame` cancels the stream. A stream is
    // never replayed: a lost service ends it with SERVICE_RESTARTED.
    Expected<void, ClientError> stream(proto::MessageKind kind,
                                       const google::protobuf::MessageLite& request,
                                       FrameHandler on_frame);

    // Asks the stream in progress (if any) to stop; it ends with CANCELLED.
    void request_cancel() { cancel_requested_.store(true, std::memory_order_release); }

    RecoveryStats recovery_stats() const;
    // Round trips of successful call()s, as this client saw them.
    LatencyPercentiles round_trip_latency() const { return round_trips_.percentiles(); }
    const ClientOptions& options() const { return options_; }

    struct Connection;  // the control channel and, for shared memory, the mapped segment

  private:
    enum class Io { Ok, PeerGone, Timeout, Interrupted, Protocol };
    class Liveness;

    Expected<void, ClientError> establish(bool recovering,
                                          std::chrono::steady_clock::time_point since);
    Expected<void, ClientError> connect_once(std::uint64_t recovery_elapsed_us);
    Expected<void, ClientError> recover_after_loss();
    bool start_service() const;

    // Waits for room up to `timeout` (the request timeout by default).
    Io send_frame(std::uint16_t kind, std::uint16_t flags, std::uint64_t request_id,
                  const google::protobuf::MessageLite& message,
                  std::optional<std::chrono::milliseconds> timeout = std::nullopt);
    Io receive_frame(FrameHeader& header, std::chrono::steady_clock::time_point deadline,
                     bool interruptible);
    Io drop_after_timeout();
    // Connects if there is no connection; sends a round-trip report that is due.
    Expected<void, ClientError> ready_for_request();
    // Sends the round trips not yet reported, if a second has passed since the last report or
    // `now` says so. Best effort: a report that finds no room within kReportTimeout drops the
    // connection (the next request connects afresh) and its round trips go unreported.
    void report_round_trips(bool now);
    ClientError error_from_frame() const;
    void drop_connection();

    ClientOptions options_;
    std::mutex call_mutex_;
    std::unique_ptr<Connection> connection_;
    proto::Welcome welcome_;
    std::uint64_t next_request_id_ = 1;
    std::string send_buffer_;
    std::string receive_buffer_;
    mutable proto::Error error_message_;
    proto::Cancel cancel_message_;
    std::atomic<bool> cancel_requested_{false};

    LatencyHistogram round_trips_;
    RoundTripReporter round_trip_reporter_;
    proto::RoundTripReport round_trip_report_;
    std::chrono::steady_clock::time_point next_round_trip_report_{};
    mutable std::mutex stats_mutex_;
    RecoveryStats stats_;
};

}  // namespace lapce_ai::ipc
