#include "ipc_client.h"

#include <QFile>
#include <QProcess>

#include <array>

#include <cerrno>
#include <cstring>
#include <thread>
#include <variant>

#include "control_channel.h"
#include "frame_ring_io.h"
#include "runtime_paths.h"

namespace lapce_ai::ipc {
namespace {

using Clock = std::chrono::steady_clock;

// How long a round-trip report may wait for room: never long enough to hold up a request or a
// disconnect much, when the service does not read.
constexpr std::chrono::milliseconds kReportTimeout{100};

std::uint64_t micros_since(Clock::time_point start) {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
}

ClientError lost_error() {
    return {proto::SERVICE_RESTARTED,
            "the service connection was lost while the request was in flight"};
}

std::span<const std::byte> as_bytes(const std::string& buffer) {
    return {reinterpret_cast<const std::byte*>(buffer.data()), buffer.size()};
}

}  // namespace

struct IpcClient::Connection {
    ControlChannel channel;
    std::optional<RingSegment> segment;  // shared-memory transport only
    StreamFrameDecoder decoder;          // socket transport only
};

// Sleeping on a ring wakes every sleep slice to ask this: is the service still there, and (for an
// interruptible wait) has nobody asked us to cancel?
class IpcClient::Liveness final : public LivenessCheck {
  public:
    Liveness(const ControlChannel& channel, const std::atomic<bool>* cancel)
        : channel_(channel), cancel_(cancel) {}
    bool keep_waiting() override {
        if (cancel_ != nullptr && cancel_->load(std::memory_order_acquire)) return false;
        return !channel_.peer_closed();
    }

  private:
    const ControlChannel& channel_;
    const std::atomic<bool>* cancel_;
};

namespace {

// Both sides of a shared-memory session wake each other the way the service chose.
Expected<void, ClientError> adopt_wake_mode(const proto::Welcome& welcome,
                                            IpcClient::Connection& connection) {
    switch (welcome.wake()) {
        case proto::WAKE_FUTEX:
            if (futex_available()) return {};
            break;
#ifndef _WIN32
        case proto::WAKE_DOORBELL:
            connection.segment->adopt_waker(
                std::make_unique<DoorbellWaker>(connection.channel.native_handle()));
            return {};
#else
        case proto::WAKE_EVENTS: {
            auto waker = make_event_waker(welcome.shm_name(), connection.segment->header(), false);
            if (!waker) return unexpected(ClientError{proto::INTERNAL, waker.error()});
            connection.segment->adopt_waker(std::move(waker).value());
            return {};
        }
#endif
        default:
            break;
    }
    return unexpected(
        ClientError{proto::INTERNAL, "the service chose a wake-up mechanism this platform lacks"});
}

}  // namespace

IpcClient::IpcClient(ClientOptions options) : options_(std::move(options)) {
    options_.max_frame_bytes = std::min(options_.max_frame_bytes, kMaxFrameBytesLimit);
    // A report, however full, then allocates nothing in the request path.
    reserve_every_bucket(round_trip_report_);
    send_buffer_.reserve(kFrameHeaderBytes + kMaxRoundTripReportBytes);
}

IpcClient::~IpcClient() {
    disconnect();
}

RecoveryStats IpcClient::recovery_stats() const {
    std::lock_guard lock(stats_mutex_);
    return stats_;
}

void IpcClient::disconnect() {
    std::lock_guard lock(call_mutex_);
    if (connection_) report_round_trips(true);
    drop_connection();
}

Expected<void, ClientError> IpcClient::ready_for_request() {
    if (connection_) report_round_trips(false);
    // Not connected yet, or the report found the connection unusable.
    if (!connection_) return establish(false, Clock::now());
    return {};
}

void IpcClient::report_round_trips(bool now) {
    const auto at = Clock::now();
    if (!now && at < next_round_trip_report_) return;
    next_round_trip_report_ = at + std::chrono::seconds(1);
    if (round_trip_reporter_.take_report(round_trips_, round_trip_report_))
        (void)send_frame(proto::ROUND_TRIP_REPORT, 0, 0, round_trip_report_, kReportTimeout);
}

void IpcClient::drop_connection() {
    connection_.reset();
}

Expected<void, ClientError> IpcClient::connect() {
    std::lock_guard lock(call_mutex_);
    if (connection_) return {};
    return establish(false, Clock::now());
}

bool IpcClient::start_service() const {
    const RuntimePaths paths = runtime_paths(options_.socket_dir);
    QProcess service;
    service.setProgram(options_.service_program);
    service.setArguments(
        {QStringLiteral("--foreground"), QStringLiteral("--socket-dir"), paths.dir});
    // The service outlives us: it must not hold our standard streams (a caller waiting for
    // their end, like a shell pipeline, would wait for the service instead).
    service.setStandardInputFile(QProcess::nullDevice());
    service.setStandardOutputFile(QProcess::nullDevice());
    service.setStandardErrorFile(QProcess::nullDevice());
    return service.startDetached();
}

Expected<void, ClientError> IpcClient::establish(bool recovering, Clock::time_point since) {
    std::chrono::milliseconds backoff{0};
    bool service_started = false;
    while (true) {
        auto attempt = connect_once(recovering ? micros_since(since) : 0);
        if (attempt) {
            if (recovering) {
                std::lock_guard lock(stats_mutex_);
                stats_.recoveries += 1;
                stats_.last_recovery_us = micros_since(since);
                stats_.total_recovery_us += stats_.last_recovery_us;
            }
            return {};
        }
        const ClientError& error = attempt.error();
        const bool no_service = error.code == proto::UNAVAILABLE;
        // A refused handshake on first contact is final; while recovering it may be a service
        // that is still starting up, so it is retried until the policy gives up.
        if (!recovering && !no_service) return attempt;
        if (no_service && !service_started && !options_.service_program.isEmpty()) {
            service_started = start_service();
        }
        const bool may_retry = recovering ? options_.reconnect.enabled : service_started;
        const auto give_up =
            recovering ? options_.reconnect.give_up_after : options_.connect_timeout;
        if (!may_retry || Clock::now() - since >= give_up) {
            if (recovering) {
                std::lock_guard lock(stats_mutex_);
                stats_.failed_recoveries += 1;
            }
            return attempt;
        }
        std::this_thread::sleep_for(backoff);
        backoff = backoff.count() == 0 ? std::chrono::milliseconds(1)
                                       : std::min(backoff * 2, options_.reconnect.max_backoff);
    }
}

Expected<void, ClientError> IpcClient::connect_once(std::uint64_t recovery_elapsed_us) {
    const RuntimePaths paths = runtime_paths(options_.socket_dir);
    auto channel = ControlChannel::connect(native_socket_address(paths.socket_path));
    if (!channel) {
        // Not "no service" (e.g. permission denied): no point in starting one, but a recovery
        // keeps trying until its deadline.
        return unexpected(
            ClientError{channel.error().no_service ? proto::UNAVAILABLE : proto::UNAUTHORIZED,
                        channel.error().message});
    }
    // Read the token only once connected: a listening service has already written its token.
    auto token = read_token(paths.token_path);
    if (!token) return unexpected(ClientError{proto::UNAVAILABLE, token.error().toStdString()});

    auto connection = std::make_unique<Connection>(Connection{
        std::move(channel).value(), std::nullopt, StreamFrameDecoder(options_.max_frame_bytes)});
    proto::Hello hello;
    hello.set_protocol_version(kProtocolVersion);
    hello.set_client_name(options_.client_name);
    hello.set_token(*token);
    hello.set_transport(options_.transport);
    hello.set_wake(options_.wake);
    if (recovery_elapsed_us != 0) {
        // Reported once, by the connection that ends the recovery, so the service counts it once.
        std::lock_guard lock(stats_mutex_);
        hello.mutable_recovery()->set_recoveries(static_cast<std::uint32_t>(stats_.recoveries + 1));
        hello.mutable_recovery()->set_last_recovery_us(recovery_elapsed_us);
    }
    const auto deadline = Clock::now() + options_.connect_timeout;
    std::string buffer;
    encode_frame(buffer, proto::HELLO, 0, 0, hello);
    if (connection->channel.send_all(as_bytes(buffer), deadline) != ChannelIo::Ok) {
        return unexpected(ClientError{proto::UNAVAILABLE,
                                      "the service closed the connection during the handshake"});
    }
    std::array<std::byte, kFrameHeaderBytes> raw{};
    if (connection->channel.recv_exact(raw, deadline) != ChannelIo::Ok) {
        return unexpected(ClientError{proto::UNAVAILABLE, "no handshake answer from the service"});
    }
    auto header = parse_frame_header(raw, options_.max_frame_bytes);
    if (!header) {
        return unexpected(
            ClientError{proto::MALFORMED_FRAME, std::string(frame_error_message(header.error()))});
    }
    buffer.resize(header->length);
    if (connection->channel.recv_exact({reinterpret_cast<std::byte*>(buffer.data()), buffer.size()},
                                       deadline) != ChannelIo::Ok) {
        return unexpected(
            ClientError{proto::UNAVAILABLE, "truncated handshake answer from the service"});
    }
    if (header->kind == proto::ERROR) {
        proto::Error error;
        if (!error.ParseFromString(buffer)) {
            return unexpected(ClientError{proto::MALFORMED_PAYLOAD, "unreadable handshake error"});
        }
        return unexpected(ClientError{error.code(), error.message()});
    }
    proto::Welcome welcome;
    if (header->kind != proto::WELCOME || !welcome.ParseFromString(buffer)) {
        return unexpected(
            ClientError{proto::MALFORMED_PAYLOAD, "the service did not answer with a welcome"});
    }
    if (options_.transport == proto::TRANSPORT_SHM) {
        auto segment = RingSegment::attach(welcome.shm_name(), welcome.ring_bytes());
        if (!segment) return unexpected(ClientError{proto::INTERNAL, segment.error().message()});
        // Both sides have it mapped now: remove the name so nothing else can open it.
        segment->memory().unlink();
        connection->segment.emplace(std::move(segment).value());
        if (auto adopted = adopt_wake_mode(welcome, *connection); !adopted) return adopted;
    }
    welcome_ = std::move(welcome);
    connection_ = std::move(connection);
    return {};
}

Expected<void, ClientError> IpcClient::recover_after_loss() {
    const auto noticed = Clock::now();
    drop_connection();
    if (!options_.reconnect.enabled) {
        return unexpected(ClientError{proto::UNAVAILABLE, "the service connection was lost"});
    }
    return establish(true, noticed);
}

IpcClient::Io IpcClient::send_frame(std::uint16_t kind, std::uint16_t flags,
                                    std::uint64_t request_id,
                                    const google::protobuf::MessageLite& message,
                                    std::optional<std::chrono::milliseconds> timeout) {
    if (!encode_frame(send_buffer_, kind, flags, request_id, message, options_.max_frame_bytes)) {
        return Io::Protocol;
    }
    const auto deadline = Clock::now() + timeout.value_or(options_.request_timeout);
    Connection& connection = *connection_;
    if (connection.segment) {
        Liveness liveness(connection.channel, nullptr);
        const RingStatus status = connection.segment->client_to_service().write(
            as_bytes(send_buffer_), WaitContext{deadline, &liveness, options_.wait_policy});
        if (status == RingStatus::Ok) return Io::Ok;
        return status == RingStatus::Timeout ? drop_after_timeout() : Io::PeerGone;
    }
    const ChannelIo status = connection.channel.send_all(as_bytes(send_buffer_), deadline);
    if (status == ChannelIo::Ok) return Io::Ok;
    return status == ChannelIo::Timeout ? drop_after_timeout() : Io::PeerGone;
}

IpcClient::Io IpcClient::drop_after_timeout() {
    // Part of a frame may have moved: the byte stream has lost its frame boundary, so the
    // connection cannot carry another request. The next call connects afresh.
    drop_connection();
    return Io::Timeout;
}

IpcClient::Io IpcClient::receive_frame(FrameHeader& header, Clock::time_point deadline,
                                       bool interruptible) {
    Connection& connection = *connection_;
    const std::atomic<bool>* cancel = interruptible ? &cancel_requested_ : nullptr;
    if (connection.segment) {
        SpscRing& ring = connection.segment->service_to_client();
        Liveness wait_liveness(connection.channel, cancel);
        const RingStatus ready =
            ring.wait_readable(WaitContext{deadline, &wait_liveness, options_.wait_policy});
        if (ready == RingStatus::Timeout) return Io::Timeout;
        if (ready == RingStatus::Corrupted) return Io::Protocol;
        if (ready == RingStatus::PeerGone) {
            if (cancel != nullptr && cancel->load(std::memory_order_acquire) &&
                !connection.channel.peer_closed()) {
                return Io::Interrupted;
            }
            return Io::PeerGone;
        }
        // A frame that has started arriving is read whole; only a dead service interrupts it.
        Liveness frame_liveness(connection.channel, nullptr);
        switch (read_frame(ring, WaitContext{deadline, &frame_liveness, options_.wait_policy},
                           options_.max_frame_bytes, header, receive_buffer_)) {
            case ChannelStatus::Ok:
                return Io::Ok;
            case ChannelStatus::Timeout:
                return drop_after_timeout();  // the frame had started arriving
            case ChannelStatus::PeerGone:
                return Io::PeerGone;
            case ChannelStatus::Corrupted:
            case ChannelStatus::FrameTooLarge:
                return Io::Protocol;
        }
        return Io::Protocol;
    }
    std::array<std::byte, 64 * 1024> chunk{};
    while (true) {
        auto next = connection.decoder.next();
        if (!next) return Io::Protocol;
        if (next->has_value()) {
            header = (*next)->header;
            receive_buffer_.assign(reinterpret_cast<const char*>((*next)->payload.data()),
                                   (*next)->payload.size());
            return Io::Ok;
        }
        if (cancel != nullptr && cancel->load(std::memory_order_acquire)) return Io::Interrupted;
        // Short slices, so that a cancel request is noticed while the stream is quiet.
        const auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(20));
        std::size_t received = 0;
        switch (connection.channel.recv_some(chunk, slice, received)) {
            case ChannelIo::Ok:
                connection.decoder.append(std::span(chunk.data(), received));
                break;
            case ChannelIo::Timeout:
                if (Clock::now() >= deadline) return Io::Timeout;
                break;
            case ChannelIo::Closed:
            case ChannelIo::Error:
                return Io::PeerGone;
        }
    }
}

ClientError IpcClient::error_from_frame() const {
    if (!error_message_.ParseFromString(receive_buffer_)) {
        return {proto::MALFORMED_PAYLOAD, "the service sent an unreadable error"};
    }
    return {error_message_.code(), error_message_.message()};
}

Expected<void, ClientError> IpcClient::call(proto::MessageKind kind,
                                            const google::protobuf::MessageLite& request,
                                            proto::MessageKind reply_kind,
                                            google::protobuf::MessageLite& reply,
                                            Idempotency idempotency) {
    std::lock_guard lock(call_mutex_);
    if (auto ready = ready_for_request(); !ready) return ready;
    const std::uint64_t request_id = next_request_id_++;
    const auto started = Clock::now();
    constexpr int kMaxReplays = 3;
    for (int attempt = 0;; ++attempt) {
        Io io = send_frame(kind, 0, request_id, request);
        if (io == Io::Protocol) {
            return unexpected(ClientError{proto::FRAME_TOO_LARGE,
                                          "the request is larger than the maximum frame size"});
        }
        const auto deadline = Clock::now() + options_.request_timeout;
        FrameHeader header;
        while (io == Io::Ok) {
            io = receive_frame(header, deadline, false);
            if (io != Io::Ok) break;
            if (header.request_id != request_id) continue;  // late frames of an abandoned request
            if (header.kind == proto::ERROR) return unexpected(error_from_frame());
            if (header.kind != reply_kind) {
                return unexpected(
                    ClientError{proto::MALFORMED_FRAME,
                                "unexpected reply kind " + std::to_string(header.kind)});
            }
            if (!reply.ParseFromString(receive_buffer_)) {
                return unexpected(
                    ClientError{proto::MALFORMED_PAYLOAD, "the service sent an unreadable reply"});
            }
            round_trips_.record(Clock::now() - started);
            return {};
        }
        if (io == Io::Timeout) {
            return unexpected(ClientError{proto::TIMEOUT, "no reply within the request timeout"});
        }
        if (io == Io::Protocol) {
            drop_connection();
            return unexpected(
                ClientError{proto::MALFORMED_FRAME, "the service sent a malformed frame"});
        }
        if (auto recovered = recover_after_loss(); !recovered) return recovered;
        if (idempotency == Idempotency::NotIdempotent || attempt + 1 >= kMaxReplays) {
            return unexpected(lost_error());
        }
    }
}

Expected<void, ClientError> IpcClient::stream(proto::MessageKind kind,
                                              const google::protobuf::MessageLite& request,
                                              FrameHandler on_frame) {
    std::lock_guard lock(call_mutex_);
    cancel_requested_.store(false, std::memory_order_release);
    if (auto ready = ready_for_request(); !ready) return ready;
    const std::uint64_t request_id = next_request_id_++;
    Io io = send_frame(kind, 0, request_id, request);
    if (io == Io::Protocol) {
        return unexpected(ClientError{proto::FRAME_TOO_LARGE,
                                      "the request is larger than the maximum frame size"});
    }
    bool cancel_sent = false;
    FrameHeader header;
    while (io == Io::Ok) {
        // The deadline bounds the silence between two frames, not the whole stream.
        io = receive_frame(header, Clock::now() + options_.request_timeout, !cancel_sent);
        if (io == Io::Interrupted || (io == Io::Ok && cancel_requested_.load() && !cancel_sent)) {
            const bool had_frame = io == Io::Ok;
            io = send_frame(proto::CANCEL, 0, request_id, cancel_message_);
            cancel_sent = true;
            if (io != Io::Ok || !had_frame) continue;
        }
        if (io != Io::Ok) break;
        if (header.request_id != request_id) continue;
        if (header.kind == proto::ERROR) return unexpected(error_from_frame());
        if (!cancel_sent &&
            !on_frame(header, std::span<const std::byte>(
                                  reinterpret_cast<const std::byte*>(receive_buffer_.data()),
                                  receive_buffer_.size()))) {
            request_cancel();
            if ((header.flags & proto::FLAG_END_OF_STREAM) == 0) {
                // The caller gave up on the stream: CANCEL goes out now, not when the next wait
                // for a frame looks at the flag (a shared-memory wait does between sleep slices).
                io = send_frame(proto::CANCEL, 0, request_id, cancel_message_);
                cancel_sent = true;
                continue;
            }
        }
        if ((header.flags & proto::FLAG_END_OF_STREAM) != 0) {
            if (cancel_sent)
                return unexpected(ClientError{proto::CANCELLED, "the stream was cancelled"});
            return {};
        }
    }
    if (io == Io::Timeout)
        return unexpected(ClientError{
            proto::TIMEOUT, "the stream went silent for longer than the request timeout"});
    if (io == Io::Protocol) {
        drop_connection();
        return unexpected(
            ClientError{proto::MALFORMED_FRAME, "the service sent a malformed frame"});
    }
    if (auto recovered = recover_after_loss(); !recovered) return recovered;
    return unexpected(lost_error());
}

}  // namespace lapce_ai::ipc
