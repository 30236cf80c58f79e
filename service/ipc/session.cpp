#include "session.h"

#include <QtGlobal>
#ifndef Q_OS_WIN
#include <fcntl.h>
#include <sys/socket.h>
#endif

#include <QCoreApplication>
#include <QDateTime>
#include <QThreadPool>

#include "frame_ring_io.h"
#include "handshake.h"
#include "service_metrics.h"
#include "session_state.h"

namespace lapce_ai::ipc {
namespace {

using Clock = std::chrono::steady_clock;

QByteArray encode_message(proto::MessageKind kind, std::uint64_t request_id,
                          const google::protobuf::MessageLite& message) {
    std::string buffer;
    encode_frame(buffer, kind, proto::FLAG_END_OF_STREAM, request_id, message);
    return QByteArray(buffer.data(), static_cast<qsizetype>(buffer.size()));
}

}  // namespace

Session::Session(std::uint64_t id, QLocalSocket* socket, const SessionConfig& config,
                 SessionServices services, QObject* parent)
    : QObject(parent),
      id_(id),
      socket_(socket),
      config_(config),
      services_(services),
      decoder_(config.max_frame_bytes),
      state_(std::make_shared<SessionState>()) {
    socket->setParent(this);
    connect(socket, &QLocalSocket::readyRead, this, &Session::on_ready_read);
    connect(socket, &QLocalSocket::disconnected, this, &Session::on_disconnected);
    handshake_timer_.setSingleShot(true);
    connect(&handshake_timer_, &QTimer::timeout, this, &Session::on_handshake_timeout);
    handshake_timer_.start(config.handshake_timeout);
    // Pool tasks and the ring thread may outlive this object; they reach it through the server.
    state_->request_close = [post = services_.post_close, id] { post(id); };
    services_.metrics.sessions_total.fetch_add(1, std::memory_order_relaxed);
    // Bytes may already be waiting if the client wrote right after connecting.
    QMetaObject::invokeMethod(this, &Session::on_ready_read, Qt::QueuedConnection);
}

Session::~Session() {
    stop_ring_thread();
    if (counted_) services_.metrics.sessions_active.fetch_sub(1, std::memory_order_relaxed);
}

void Session::stop_ring_thread() {
    state_->stopping.store(true, std::memory_order_release);
    state_->cancel_all_requests();
    // The descriptor stays open (pool tasks may still ring it) until the state goes; shutting it
    // down tells the client now.
#ifndef Q_OS_WIN
    if (state_->doorbell_socket.valid()) ::shutdown(state_->doorbell_socket.get(), SHUT_RDWR);
#endif
    if (state_->segment) {
        state_->segment->client_to_service().wake_all();
        state_->segment->service_to_client().wake_all();
    }
    if (ring_thread_.joinable()) ring_thread_.join();
    if (state_->segment) state_->segment->memory().unlink();
}

void Session::close() {
    if (finished_) return;
    finished_ = true;
    handshake_timer_.stop();
    stop_ring_thread();
    if (socket_ && socket_->state() != QLocalSocket::UnconnectedState) {
        socket_->disconnectFromServer();
    }
    Q_EMIT finished(id_);
}

void Session::on_disconnected() {
    close();
}

void Session::on_handshake_timeout() {
    if (!handshaken_) reject(proto::HANDSHAKE_TIMEOUT, "no handshake within the time limit");
}

void Session::reject(proto::ErrorCode code, const std::string& message, std::uint64_t request_id) {
    services_.metrics.protocol_errors.fetch_add(1, std::memory_order_relaxed);
    if (socket_ && socket_->state() == QLocalSocket::ConnectedState) {
        proto::Error error;
        error.set_code(code);
        error.set_message(message);
        error.set_request_id(request_id);
        socket_->write(encode_message(proto::ERROR, request_id, error));
        socket_->flush();
    }
    close();
}

void Session::on_ready_read() {
    if (!socket_ || finished_) return;
    const QByteArray bytes = socket_->readAll();
    if (handshaken_ && state_->segment) {
        // The control socket carries nothing after a shared-memory handshake.
        if (!bytes.isEmpty())
            reject(proto::MALFORMED_FRAME, "unexpected bytes on the control socket");
        return;
    }
    decoder_.append({reinterpret_cast<const std::byte*>(bytes.constData()),
                     static_cast<std::size_t>(bytes.size())});
    while (!finished_) {
        auto next = decoder_.next();
        if (!next) {
            const auto code = next.error() == FrameError::TooLarge ? proto::FRAME_TOO_LARGE
                                                                   : proto::MALFORMED_FRAME;
            reject(code, std::string(frame_error_message(next.error())));
            return;
        }
        if (!next->has_value()) return;
        const FrameView frame = **next;
        if (!handshaken_) {
            handle_hello(frame.header, frame.payload);
            if (handshaken_ && state_->segment && decoder_.buffered_bytes() != 0) {
                // Requests belong in the ring; never run them on this (the event loop's) thread.
                reject(proto::MALFORMED_FRAME, "unexpected bytes on the control socket");
            }
            continue;
        }
        dispatch_frame(frame.header, frame.payload, state_, services_.registry, services_.metrics,
                       services_.pool);
        flush_outbox();
    }
}

void Session::handle_hello(const FrameHeader& header, std::span<const std::byte> payload) {
    auto checked = check_hello(header, payload, config_.token);
    if (!checked) {
        reject(checked.error().code, checked.error().message, header.request_id);
        return;
    }
    const proto::Hello& hello = *checked;
    if (services_.metrics.sessions_active.load() >= config_.max_sessions) {
        reject(proto::SESSION_LIMIT, "too many sessions", header.request_id);
        return;
    }
    if (hello.has_recovery() && hello.recovery().last_recovery_us() > 0) {
        services_.metrics.record_recovery(
            std::chrono::microseconds(hello.recovery().last_recovery_us()),
            QDateTime::currentMSecsSinceEpoch());
    }
    proto::Welcome welcome;
    if (hello.transport() == proto::TRANSPORT_SHM) {
        auto segment = RingSegment::create(SharedMemory::unique_name(), config_.ring_bytes);
        if (!segment) {
            reject(proto::INTERNAL, segment.error().message(), header.request_id);
            return;
        }
#ifdef Q_OS_WIN
        auto events = make_event_waker(segment->memory().name(), segment->header(), true);
        if (!events) {
            reject(proto::INTERNAL, events.error(), header.request_id);
            return;
        }
        segment->adopt_waker(std::move(events).value());
        welcome.set_wake(proto::WAKE_EVENTS);
#else
        const bool use_futex = hello.wake() == proto::WAKE_FUTEX && futex_available();
        welcome.set_wake(use_futex ? proto::WAKE_FUTEX : proto::WAKE_DOORBELL);
#endif
        welcome.set_shm_name(segment->memory().name());
        welcome.set_ring_bytes(config_.ring_bytes);
        state_->segment.emplace(std::move(segment).value());
        state_->sink = std::make_unique<RingResponseSink>(
            *state_, config_.write_timeout, config_.max_frame_bytes, config_.ring_wait);
    } else {
        // As much unread data as a shared-memory ring holds (one larger frame still fits).
        auto outbox = std::make_unique<OutboxResponseSink>(
            *state_, config_.max_frame_bytes, config_.ring_bytes, config_.write_timeout,
            [post = services_.post_flush, id = id_] { post(id); });
        connect(socket_, &QLocalSocket::bytesWritten, this, [sink = outbox.get()](qint64 bytes) {
            sink->bytes_written(static_cast<std::size_t>(bytes));
        });
        state_->sink = std::move(outbox);
    }
    handshaken_ = true;
    counted_ = true;
    handshake_timer_.stop();
    services_.metrics.sessions_active.fetch_add(1, std::memory_order_relaxed);
    welcome.set_session_id(id_);
    welcome.set_server_pid(QCoreApplication::applicationPid());
    welcome.set_started_at(services_.metrics.started_at_ms);
    welcome.set_protocol_version(kProtocolVersion);
    welcome.set_max_frame_bytes(config_.max_frame_bytes);
    socket_->write(encode_message(proto::WELCOME, header.request_id, welcome));
    socket_->flush();
#ifndef Q_OS_WIN
    if (welcome.wake() == proto::WAKE_DOORBELL && !take_over_socket_for_doorbell()) return;
#endif
    if (state_->segment) ring_thread_ = std::thread([this] { ring_loop(); });
}

#ifndef Q_OS_WIN
bool Session::take_over_socket_for_doorbell() {
    QLocalSocket* socket = socket_.data();
    if (socket == nullptr) return false;
    if (socket->bytesToWrite() > 0) {
        reject(proto::INTERNAL, "the welcome could not be sent at once");
        return false;
    }
    // Our own descriptor for the connection; Qt lets go of its one without a shutdown, so the
    // connection lives on in ours and Qt never reads the doorbell bytes.
    state_->doorbell_socket.reset(
        ::fcntl(static_cast<int>(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0));
    if (!state_->doorbell_socket.valid()) {
        reject(proto::INTERNAL, "cannot take over the session socket");
        return false;
    }
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    state_->segment->adopt_waker(std::make_unique<DoorbellWaker>(state_->doorbell_socket.get()));
    return true;
}
#endif

void Session::flush_outbox() {
    auto* outbox = dynamic_cast<OutboxResponseSink*>(state_->sink.get());
    if (outbox == nullptr || !socket_) return;
    for (const QByteArray& frame : outbox->take()) socket_->write(frame);
}

void Session::ring_loop() {
    SessionState& state = *state_;
    SpscRing& requests = state.segment->client_to_service();
    SessionLiveness stop(state);
    const WaitContext wait{Clock::time_point::max(), &stop, config_.ring_wait};
    FrameHeader header;
    std::string payload;
    payload.reserve(4096);
    while (!state.stopping.load(std::memory_order_acquire)) {
        const ChannelStatus status =
            read_frame(requests, wait, config_.max_frame_bytes, header, payload);
        if (status == ChannelStatus::Ok) {
            dispatch_frame(header,
                           {reinterpret_cast<const std::byte*>(payload.data()), payload.size()},
                           state_, services_.registry, services_.metrics, services_.pool);
            continue;
        }
        if (status == ChannelStatus::PeerGone) {
            // Asked to stop, or (doorbell sessions, whose socket we watch here) the client left.
            if (!state.stopping.load(std::memory_order_acquire)) state.request_close();
            record_parting_reports(header, payload);
            return;
        }
        services_.metrics.protocol_errors.fetch_add(1, std::memory_order_relaxed);
        if (status == ChannelStatus::FrameTooLarge) {
            state.sink->send_error(proto::FRAME_TOO_LARGE,
                                   "frame too large: length exceeds the maximum frame size", 0);
        } else {
            state.sink->send_error(proto::MALFORMED_FRAME, "the request ring is corrupted", 0);
        }
        state.stopping.store(true, std::memory_order_release);
        state.request_close();
        return;
    }
    record_parting_reports(header, payload);
}

void Session::record_parting_reports(FrameHeader& header, std::string& payload) {
    // A client reports its last round trips as it disconnects: the report may still be in the
    // ring when the session learns that the client has gone. Nothing else is served any more.
    WaitPolicy no_waiting = config_.ring_wait;
    no_waiting.spin_iterations = 0;
    no_waiting.yield_iterations = 0;
    const WaitContext now{Clock::now(), nullptr, no_waiting};
    while (read_frame(state_->segment->client_to_service(), now, config_.max_frame_bytes, header,
                      payload) == ChannelStatus::Ok &&
           header.kind == proto::ROUND_TRIP_REPORT) {
        dispatch_frame(header, {reinterpret_cast<const std::byte*>(payload.data()), payload.size()},
                       state_, services_.registry, services_.metrics, services_.pool);
    }
}

}  // namespace lapce_ai::ipc
