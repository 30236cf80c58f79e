#pragma once

#include <QLocalSocket>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "frame.h"
#include "handler_registry.h"
#include "lapce_ai.pb.h"
#include "ring_segment.h"

class QThreadPool;

namespace lapce_ai {
struct ServiceMetrics;
}

namespace lapce_ai::ipc {

struct SessionConfig {
    std::string token;
    std::uint32_t ring_bytes = kDefaultRingBytes;
    std::uint32_t max_frame_bytes = kDefaultMaxFrameBytes;
    std::chrono::milliseconds handshake_timeout{5000};
    // How long a response may wait for a client that does not read before the session is closed.
    std::chrono::milliseconds write_timeout{5000};
    std::size_t max_sessions = 256;
    WaitPolicy ring_wait{200, 20, std::chrono::microseconds(50'000)};
};

struct SessionServices {
    const HandlerRegistry& registry;
    ServiceMetrics& metrics;
    QThreadPool& pool;
    // Thread-safe: ask the owner (which outlives every pool task) to close or flush a session.
    std::function<void(std::uint64_t)> post_close;
    std::function<void(std::uint64_t)> post_flush;
};

struct SessionState;

// One client connection: the handshake on the control socket, then request dispatch either on a
// ring thread (shared-memory transport) or on the socket itself. Lives on the server's thread.
class Session : public QObject {
    Q_OBJECT

  public:
    Session(std::uint64_t id, QLocalSocket* socket, const SessionConfig& config,
            SessionServices services, QObject* parent = nullptr);
    ~Session() override;

    std::uint64_t id() const { return id_; }
    // Sends what pool threads queued for a socket-transport client.
    void flush_outbox();
    // Ends the session: the ring thread stops, the socket closes, finished() follows.
    void close();

  Q_SIGNALS:
    void finished(std::uint64_t id);

  private:
    void on_ready_read();
    void on_disconnected();
    void on_handshake_timeout();
    void handle_hello(const FrameHeader& header, std::span<const std::byte> payload);
    void reject(proto::ErrorCode code, const std::string& message, std::uint64_t request_id = 0);
#ifndef Q_OS_WIN
    bool take_over_socket_for_doorbell();
#endif
    void ring_loop();
    void record_parting_reports(FrameHeader& header, std::string& payload);
    void stop_ring_thread();

    const std::uint64_t id_;
    QPointer<QLocalSocket> socket_;
    const SessionConfig& config_;
    SessionServices services_;
    StreamFrameDecoder decoder_;
    QTimer handshake_timer_;
    bool handshaken_ = false;
    bool counted_ = false;
    bool finished_ = false;
    std::shared_ptr<SessionState> state_;
    std::thread ring_thread_;
};

}  // namespace lapce_ai::ipc
