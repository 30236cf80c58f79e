// The client against a stand-in service that answers wrongly on purpose: each misbehaviour ends
// in the typed ClientError ipc_client.h documents, never in a hang or a silent success.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <QtTest>

#include <QTemporaryDir>

#include <functional>
#include <mutex>
#include <thread>

#include "frame.h"
#include "frame_ring_io.h"
#include "ipc_client.h"
#include "lapce_ai.pb.h"
#include "ring_segment.h"
#include "runtime_paths.h"
#include "unique_fd.h"
#include "unix_socket.h"

using namespace lapce_ai;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;
namespace pb = ipc::proto;

// Payload bytes no protobuf parser accepts (a field with wire type 7).
const std::string kGarbage("\x0f\x01\x02", 3);

struct Frame {
    ipc::FrameHeader header;
    std::string payload;
};

// One accepted connection, seen from the stand-in service.
class Peer {
  public:
    explicit Peer(UniqueFd fd) : fd_(std::move(fd)) {}

    std::optional<Frame> read(std::chrono::milliseconds timeout = 5000ms) {
        const auto deadline = Clock::now() + timeout;
        std::array<std::byte, ipc::kFrameHeaderBytes> raw{};
        if (ipc::UnixSocket::recv_exact(fd_.get(), raw, deadline) != ipc::SocketStatus::Ok)
            return std::nullopt;
        Frame frame{ipc::decode_frame_header(raw), {}};
        frame.payload.resize(frame.header.length);
        if (ipc::UnixSocket::recv_exact(
                fd_.get(),
                {reinterpret_cast<std::byte*>(frame.payload.data()), frame.payload.size()},
                deadline) != ipc::SocketStatus::Ok)
            return std::nullopt;
        return frame;
    }

    void send_bytes(const std::string& bytes) {
        ipc::UnixSocket::send_all(fd_.get(),
                                  {reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()},
                                  Clock::now() + 5s);
    }

    void send(std::uint16_t kind, std::uint64_t request_id,
              const google::protobuf::MessageLite& message, std::uint16_t flags = 0) {
        std::string frame;
        ipc::encode_frame(frame, kind, flags, request_id, message);
        send_bytes(frame);
    }

    // A header announcing `length` payload bytes, followed by `payload`.
    void send_raw_frame(std::uint16_t kind, std::uint64_t request_id, std::uint32_t length,
                        const std::string& payload) {
        std::array<std::byte, ipc::kFrameHeaderBytes> raw{};
        ipc::encode_frame_header({length, kind, 0, request_id}, raw);
        send_bytes(std::string(reinterpret_cast<const char*>(raw.data()), raw.size()) + payload);
    }

    // Reads the Hello and answers with a Welcome for the socket transport.
    bool welcome() {
        auto hello = read();
        if (!hello || hello->header.kind != pb::HELLO) return false;
        pb::Welcome answer;
        answer.set_session_id(1);
        answer.set_protocol_version(ipc::kProtocolVersion);
        send(pb::WELCOME, 0, answer);
        return true;
    }

    // True when the client closes its end within `timeout`.
    bool closed_by_client(std::chrono::milliseconds timeout = 5000ms) {
        pollfd entry{fd_.get(), POLLIN, 0};
        if (::poll(&entry, 1, static_cast<int>(timeout.count())) <= 0) return false;
        char byte = 0;
        return ::recv(fd_.get(), &byte, 1, MSG_PEEK) == 0;
    }

    void close() { fd_.reset(); }

  private:
    UniqueFd fd_;
};

// Listens where a service would (in a private runtime directory) and runs a script for each
// connection it accepts, on its own thread.
class StandInService {
  public:
    explicit StandInService(bool write_token = true)
        : paths_(ipc::runtime_paths(dir_.path() + QStringLiteral("/rt"))) {
        (void)ipc::ensure_private_dir(paths_.dir);
        if (write_token) (void)ipc::write_private_file(paths_.token_path, "token");
        listener_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray path = QFile::encodeName(paths_.socket_path);
        std::memcpy(address.sun_path, path.constData(), static_cast<std::size_t>(path.size()) + 1);
        ::bind(listener_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
        ::listen(listener_.get(), 8);
    }

    ~StandInService() {
        if (thread_.joinable()) thread_.join();
    }

    // Serves up to `connections` connections, one after the other, with `script`.
    void serve(std::function<void(Peer&)> script, int connections = 1) {
        thread_ = std::thread([this, script = std::move(script), connections] {
            for (int i = 0; i < connections; ++i) {
                pollfd entry{listener_.get(), POLLIN, 0};
                if (::poll(&entry, 1, 5000) <= 0) return;
                Peer peer(UniqueFd(::accept(listener_.get(), nullptr, nullptr)));
                accepted_ += 1;
                script(peer);
            }
        });
    }

    // Waits for the script to finish.
    void join() {
        if (thread_.joinable()) thread_.join();
    }

    int accepted() const { return accepted_.load(); }

    ipc::ClientOptions options(pb::Transport transport = pb::TRANSPORT_SOCKET) const {
        ipc::ClientOptions result;
        result.socket_dir = paths_.dir;
        result.transport = transport;
        result.reconnect.enabled = false;
        result.connect_timeout = 2000ms;
        result.request_timeout = 2000ms;
        return result;
    }

  private:
    QTemporaryDir dir_;
    ipc::RuntimePaths paths_;
    UniqueFd listener_;
    std::thread thread_;
    std::atomic<int> accepted_{0};
};

ipc::ClientError failed_connect(StandInService& service, std::function<void(Peer&)> script,
                                const ipc::ClientOptions& options) {
    service.serve(std::move(script));
    ipc::IpcClient client(options);
    auto result = client.connect();
    service.join();
    if (result) return {pb::ERROR_UNSPECIFIED, "connected"};
    if (client.is_connected()) return {pb::ERROR_UNSPECIFIED, "error, yet connected"};
    return result.error();
}

ipc::ClientError failed_connect(StandInService& service, std::function<void(Peer&)> script) {
    return failed_connect(service, std::move(script), service.options());
}

// A ping against a stand-in that welcomes the client, reads the request and answers with
// `answer(peer, request)`.
struct PingOutcome {
    Expected<void, ipc::ClientError> result;
    std::string reply_payload;
    bool still_connected = false;
};

PingOutcome ping(StandInService& service, std::function<void(Peer&, const Frame&)> answer,
                 ipc::ClientOptions options) {
    service.serve([answer = std::move(answer)](Peer& peer) {
        if (!peer.welcome()) return;
        auto request = peer.read();
        if (!request) return;
        answer(peer, *request);
        // Keep the connection until the client has its answer and lets go.
        peer.closed_by_client();
    });
    ipc::IpcClient client(std::move(options));
    pb::Ping request;
    request.set_payload("hello");
    pb::Pong reply;
    PingOutcome outcome{client.call(pb::PING, request, pb::PONG, reply), {}, false};
    outcome.reply_payload = reply.payload();
    outcome.still_connected = client.is_connected();
    client.disconnect();
    service.join();
    return outcome;
}

PingOutcome ping(StandInService& service, std::function<void(Peer&, const Frame&)> answer) {
    return ping(service, std::move(answer), service.options());
}

pb::Error error_message(pb::ErrorCode code, const std::string& text) {
    pb::Error error;
    error.set_code(code);
    error.set_message(text);
    return error;
}

}  // namespace

class ClientProtocolErrorsTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // ---- The handshake.

    void a_handshake_refused_by_the_service_is_its_typed_error() {
        StandInService service;
        const auto error = failed_connect(service, [](Peer& peer) {
            if (!peer.read()) return;
            peer.send(pb::ERROR, 0, error_message(pb::UNAUTHORIZED, "invalid token"));
        });
        QCOMPARE(error.code, pb::UNAUTHORIZED);
        QCOMPARE(error.message, std::string("invalid token"));
    }

    void an_unreadable_handshake_error_is_a_malformed_payload() {
        StandInService service;
        const auto error = failed_connect(service, [](Peer& peer) {
            if (!peer.read()) return;
            peer.send_raw_frame(pb::ERROR, 0, static_cast<std::uint32_t>(kGarbage.size()),
                                kGarbage);
        });
        QCOMPARE(error.code, pb::MALFORMED_PAYLOAD);
        QCOMPARE(error.message, std::string("unreadable handshake error"));
    }

    void a_handshake_answer_that_is_no_welcome_is_a_malformed_payload() {
        StandInService service;
        const auto error = failed_connect(service, [](Peer& peer) {
            if (!peer.read()) return;
            peer.send(pb::PONG, 0, pb::Pong());
        });
        QCOMPARE(error.code, pb::MALFORMED_PAYLOAD);
        QCOMPARE(error.message, std::string("the service did not answer with a welcome"));

        StandInService garbled;
        const auto garbled_error = failed_connect(garbled, [](Peer& peer) {
            if (!peer.read()) return;
            peer.send_raw_frame(pb::WELCOME, 0, static_cast<std::uint32_t>(kGarbage.size()),
                                kGarbage);
        });
        QCOMPARE(garbled_error.code, pb::MALFORMED_PAYLOAD);
        QCOMPARE(garbled_error.message, std::string("the service did not answer with a welcome"));
    }

    void a_handshake_answer_above_the_frame_limit_is_a_malformed_frame() {
        StandInService service;
        ipc::ClientOptions options = service.options();
        options.max_frame_bytes = 1024;
        const auto error = failed_connect(
            service,
            [](Peer& peer) {
                if (!peer.read()) return;
                peer.send_raw_frame(pb::WELCOME, 0, 1025, "");
            },
            options);
        QCOMPARE(error.code, pb::MALFORMED_FRAME);
        QCOMPARE(error.message,
                 std::string("frame too large: length exceeds the maximum frame size"));
    }

    void a_service_that_hangs_up_in_the_handshake_is_unavailable() {
        StandInService silent;
        const auto no_answer = failed_connect(silent, [](Peer& peer) {
            if (!peer.read()) return;
            peer.close();
        });
        QCOMPARE(no_answer.code, pb::UNAVAILABLE);
        QCOMPARE(no_answer.message, std::string("no handshake answer from the service"));

        StandInService truncated;
        const auto cut_off = failed_connect(truncated, [](Peer& peer) {
            if (!peer.read()) return;
            peer.send_raw_frame(pb::WELCOME, 0, 40, "only part");
            peer.close();
        });
        QCOMPARE(cut_off.code, pb::UNAVAILABLE);
        QCOMPARE(cut_off.message, std::string("truncated handshake answer from the service"));
    }

    void a_service_that_stays_silent_in_the_handshake_fails_within_the_connect_timeout() {
        StandInService service;
        ipc::ClientOptions options = service.options();
        options.connect_timeout = 200ms;
        const auto started = Clock::now();
        const auto error = failed_connect(
            service,
            [](Peer& peer) {
                (void)peer.read();
                peer.closed_by_client();  // says nothing until the client gives up
            },
            options);
        QCOMPARE(error.code, pb::UNAVAILABLE);
        QCOMPARE(error.message, std::string("no handshake answer from the service"));
        QVERIFY(Clock::now() - started < 5s);
    }

    void a_socket_without_a_token_file_is_unavailable() {
        StandInService service(false);
        service.serve([](Peer& peer) { peer.closed_by_client(); });
        ipc::IpcClient client(service.options());
        auto result = client.connect();
        QVERIFY(!result);
        QCOMPARE(result.error().code, pb::UNAVAILABLE);
        QVERIFY(!client.is_connected());
        service.join();
    }

    void a_shared_memory_segment_that_cannot_be_mapped_is_internal() {
        StandInService service;
        const auto error = failed_connect(
            service,
            [](Peer& peer) {
                if (!peer.read()) return;
                pb::Welcome welcome;
                welcome.set_shm_name("/lapce-ai-test-no-such-segment");
                welcome.set_ring_bytes(4096);
                welcome.set_wake(pb::WAKE_FUTEX);
                peer.send(pb::WELCOME, 0, welcome);
                peer.closed_by_client();
            },
            service.options(pb::TRANSPORT_SHM));
        QCOMPARE(error.code, pb::INTERNAL);
        QVERIFY(!error.message.empty());
    }

    void a_wake_mode_this_platform_lacks_is_internal() {
        auto segment = ipc::RingSegment::create(ipc::SharedMemory::unique_name(), 4096);
        QVERIFY(segment);
        const std::string name = segment->memory().name();
        StandInService service;
        const auto error = failed_connect(
            service,
            [&name](Peer& peer) {
                if (!peer.read()) return;
                pb::Welcome welcome;
                welcome.set_shm_name(name);
                welcome.set_ring_bytes(4096);
                welcome.set_wake(pb::WAKE_EVENTS);  // Windows only
                peer.send(pb::WELCOME, 0, welcome);
                peer.closed_by_client();
            },
            service.options(pb::TRANSPORT_SHM));
        QCOMPARE(error.code, pb::INTERNAL);
        QCOMPARE(error.message,
                 std::string("the service chose a wake-up mechanism this platform lacks"));
        segment->memory().unlink();
    }

    // ---- Calls.

    void frames_of_an_abandoned_request_are_skipped() {
        StandInService service;
        const PingOutcome outcome = ping(service, [](Peer& peer, const Frame& request) {
            pb::Pong late;
            late.set_payload("late");
            peer.send(pb::PONG, request.header.request_id + 100, late);
            pb::Pong pong;
            pong.set_payload("right");
            peer.send(pb::PONG, request.header.request_id, pong);
        });
        QVERIFY(outcome.result);
        QCOMPARE(outcome.reply_payload, std::string("right"));
        QVERIFY(outcome.still_connected);
    }

    void an_error_frame_answers_the_call_with_its_code_and_message() {
        StandInService service;
        const PingOutcome outcome = ping(service, [](Peer& peer, const Frame& request) {
            peer.send(pb::ERROR, request.header.request_id,
                      error_message(pb::INVALID_ARGUMENT, "no such profile"));
        });
        QVERIFY(!outcome.result);
        QCOMPARE(outcome.result.error().code, pb::INVALID_ARGUMENT);
        QCOMPARE(outcome.result.error().message, std::string("no such profile"));
        // A typed error is an answer: the session goes on.
        QVERIFY(outcome.still_connected);
    }

    void an_unreadable_error_frame_is_a_malformed_payload() {
        StandInService service;
        const PingOutcome outcome = ping(service, [](Peer& peer, const Frame& request) {
            peer.send_raw_frame(pb::ERROR, request.header.request_id,
                                static_cast<std::uint32_t>(kGarbage.size()), kGarbage);
        });
        QVERIFY(!outcome.result);
        QCOMPARE(outcome.result.error().code, pb::MALFORMED_PAYLOAD);
        QCOMPARE(outcome.result.error().message,
                 std::string("the service sent an unreadable error"));
    }

    void a_reply_of_another_kind_is_a_malformed_frame() {
        StandInService service;
        const PingOutcome outcome = ping(service, [](Peer& peer, const Frame& request) {
            peer.send(pb::METRICS_SNAPSHOT, request.header.request_id, pb::MetricsSnapshot());
        });
        QVERIFY(!outcome.result);
        QCOMPARE(outcome.result.error().code, pb::MALFORMED_FRAME);
        QCOMPARE(outcome.result.error().message, std::string("unexpected reply kind 8"));
    }

    void an_unreadable_reply_is_a_malformed_payload() {
        StandInService service;
        const PingOutcome outcome = ping(service, [](Peer& peer, const Frame& request) {
            peer.send_raw_frame(pb::PONG, request.header.request_id,
                                static_cast<std::uint32_t>(kGarbage.size()), kGarbage);
        });
        QVERIFY(!outcome.result);
        QCOMPARE(outcome.result.error().code, pb::MALFORMED_PAYLOAD);
        QCOMPARE(outcome.result.error().message,
                 std::string("the service sent an unreadable reply"));
    }

    void a_reply_above_the_frame_limit_drops_the_connection() {
        StandInService service;
        ipc::ClientOptions options = service.options();
        options.max_frame_bytes = 1024;
        const PingOutcome outcome = ping(
            service,
            [](Peer& peer, const Frame& request) {
                peer.send_raw_frame(pb::PONG, request.header.request_id, 4096,
                                    std::string(64, 'x'));
            },
            options);
        QVERIFY(!outcome.result);
        QCOMPARE(outcome.result.error().code, pb::MALFORMED_FRAME);
        QCOMPARE(outcome.result.error().message, std::string("the service sent a malformed frame"));
        // The byte stream has no frame boundary left to read on.
        QVERIFY(!outcome.still_connected);
    }

    void a_shared_memory_reply_above_the_frame_limit_drops_the_connection() {
        auto segment = ipc::RingSegment::create(ipc::SharedMemory::unique_name(), 4096);
        QVERIFY(segment);
        StandInService service;
        service.serve([&segment](Peer& peer) {
            if (!peer.read()) return;
            pb::Welcome welcome;
            welcome.set_shm_name(segment->memory().name());
            welcome.set_ring_bytes(4096);
            welcome.set_wake(pb::WAKE_FUTEX);
            peer.send(pb::WELCOME, 0, welcome);
            const ipc::WaitContext wait{Clock::now() + 5s, nullptr, {}};
            ipc::FrameHeader request;
            std::string payload;
            if (ipc::read_frame(segment->client_to_service(), wait, 1 << 20, request, payload) !=
                ipc::ChannelStatus::Ok)
                return;
            // A header announcing more than the client's frame limit.
            std::array<std::byte, ipc::kFrameHeaderBytes> raw{};
            ipc::encode_frame_header({4096, pb::PONG, 0, request.request_id}, raw);
            segment->service_to_client().write(raw, wait);
            peer.closed_by_client();
        });
        ipc::ClientOptions options = service.options(pb::TRANSPORT_SHM);
        options.max_frame_bytes = 1024;
        ipc::IpcClient client(options);
        pb::Ping request;
        pb::Pong reply;
        auto result = client.call(pb::PING, request, pb::PONG, reply);
        const bool still_connected = client.is_connected();
        client.disconnect();
        service.join();
        QVERIFY(!result);
        QCOMPARE(result.error().code, pb::MALFORMED_FRAME);
        QCOMPARE(result.error().message, std::string("the service sent a malformed frame"));
        QVERIFY(!still_connected);
    }

    void a_request_the_service_never_takes_in_times_out_and_drops_the_connection() {
        // The request is larger than the ring and the service reads nothing: part of the frame
        // has moved when the deadline passes, so the connection cannot carry another frame.
        auto segment = ipc::RingSegment::create(ipc::SharedMemory::unique_name(), 4096);
        QVERIFY(segment);
        StandInService service;
        service.serve([&segment](Peer& peer) {
            if (!peer.read()) return;
            pb::Welcome welcome;
            welcome.set_shm_name(segment->memory().name());
            welcome.set_ring_bytes(4096);
            welcome.set_wake(pb::WAKE_FUTEX);
            peer.send(pb::WELCOME, 0, welcome);
            peer.closed_by_client();
        });
        ipc::ClientOptions options = service.options(pb::TRANSPORT_SHM);
        options.request_timeout = 200ms;
        ipc::IpcClient client(options);
        pb::Ping request;
        request.set_payload(std::string(64 * 1024, 'x'));
        pb::Pong reply;
        auto result = client.call(pb::PING, request, pb::PONG, reply);
        const bool still_connected = client.is_connected();
        client.disconnect();
        service.join();
        QVERIFY(!result);
        QCOMPARE(result.error().code, pb::TIMEOUT);
        QCOMPARE(result.error().message, std::string("no reply within the request timeout"));
        QVERIFY(!still_connected);
    }

    void a_socket_reply_that_never_comes_times_out_and_keeps_the_connection() {
        StandInService service;
        ipc::ClientOptions options = service.options();
        options.request_timeout = 200ms;
        const PingOutcome outcome = ping(
            service, [](Peer&, const Frame&) {}, options);
        QVERIFY(!outcome.result);
        QCOMPARE(outcome.result.error().code, pb::TIMEOUT);
        QCOMPARE(outcome.result.error().message,
                 std::string("no reply within the request timeout"));
        QVERIFY(outcome.still_connected);
    }

    void an_idempotent_request_is_replayed_a_bounded_number_of_times() {
        // Every connection takes the request and dies: the client reconnects and sends it again,
        // but gives up with SERVICE_RESTARTED after three attempts instead of looping.
        std::atomic<int> requests{0};
        StandInService service;
        service.serve(
            [&requests](Peer& peer) {
                if (!peer.welcome()) return;
                if (peer.read()) requests += 1;
                peer.close();
            },
            4);
        ipc::ClientOptions options = service.options();
        options.reconnect.enabled = true;
        options.reconnect.give_up_after = 5000ms;
        ipc::IpcClient client(options);
        pb::Ping request;
        pb::Pong reply;
        auto result = client.call(pb::PING, request, pb::PONG, reply);
        const ipc::RecoveryStats stats = client.recovery_stats();
        client.disconnect();
        service.join();
        QVERIFY(!result);
        QCOMPARE(result.error().code, pb::SERVICE_RESTARTED);
        QCOMPARE(result.error().message,
                 std::string("the service connection was lost while the request was in flight"));
        QCOMPARE(requests.load(), 3);
        QCOMPARE(stats.recoveries, std::uint64_t{3});
        QCOMPARE(stats.failed_recoveries, std::uint64_t{0});
    }

    void a_handshake_refused_while_recovering_is_retried() {
        // The first service dies under the request; the next one refuses the handshake while it
        // starts up; the one after that answers. An idempotent request gets its reply.
        int connection = 0;
        StandInService service;
        service.serve(
            [&connection](Peer& peer) {
                connection += 1;
                if (connection == 2) {
                    if (!peer.read()) return;
                    peer.send(pb::ERROR, 0, error_message(pb::INTERNAL, "starting up"));
                    return;
                }
                if (!peer.welcome()) return;
                auto request = peer.read();
                if (!request) return;
                if (connection == 1) return;  // dies with the request in flight
                pb::Pong pong;
                pong.set_payload("after restart");
                peer.send(pb::PONG, request->header.request_id, pong);
                peer.closed_by_client();
            },
            3);
        ipc::ClientOptions options = service.options();
        options.reconnect.enabled = true;
        options.reconnect.give_up_after = 5000ms;
        ipc::IpcClient client(options);
        pb::Ping request;
        pb::Pong reply;
        auto result = client.call(pb::PING, request, pb::PONG, reply);
        const ipc::RecoveryStats stats = client.recovery_stats();
        client.disconnect();
        service.join();
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QCOMPARE(reply.payload(), std::string("after restart"));
        QCOMPARE(service.accepted(), 3);
        QCOMPARE(stats.recoveries, std::uint64_t{1});
    }

    // ---- Streams.

    void an_error_frame_ends_a_stream_with_its_code() {
        StandInService service;
        service.serve([](Peer& peer) {
            if (!peer.welcome()) return;
            auto request = peer.read();
            if (!request) return;
            pb::EchoStreamChunk chunk;
            chunk.set_sequence(0);
            peer.send(pb::ECHO_STREAM_CHUNK, request->header.request_id, chunk);
            peer.send(pb::ERROR, request->header.request_id,
                      error_message(pb::BACKPRESSURE, "too slow"));
            peer.closed_by_client();
        });
        ipc::IpcClient client(service.options());
        int frames = 0;
        auto result = client.stream(pb::ECHO_STREAM_REQUEST, pb::EchoStreamRequest(),
                                    [&frames](const ipc::FrameHeader&, std::span<const std::byte>) {
                                        frames += 1;
                                        return true;
                                    });
        client.disconnect();
        service.join();
        QVERIFY(!result);
        QCOMPARE(result.error().code, pb::BACKPRESSURE);
        QCOMPARE(result.error().message, std::string("too slow"));
        QCOMPARE(frames, 1);
    }

    void a_silent_stream_times_out() {
        StandInService service;
        service.serve([](Peer& peer) {
            if (!peer.welcome()) return;
            (void)peer.read();
            peer.closed_by_client();
        });
        ipc::ClientOptions options = service.options();
        options.request_timeout = 200ms;
        ipc::IpcClient client(options);
        auto result =
            client.stream(pb::ECHO_STREAM_REQUEST, pb::EchoStreamRequest(),
                          [](const ipc::FrameHeader&, std::span<const std::byte>) { return true; });
        client.disconnect();
        service.join();
        QVERIFY(!result);
        QCOMPARE(result.error().code, pb::TIMEOUT);
        QCOMPARE(result.error().message,
                 std::string("the stream went silent for longer than the request timeout"));
    }

    void a_stream_frame_above_the_limit_is_a_malformed_frame() {
        StandInService service;
        service.serve([](Peer& peer) {
            if (!peer.welcome()) return;
            auto request = peer.read();
            if (!request) return;
            peer.send_raw_frame(pb::ECHO_STREAM_CHUNK, request->header.request_id, 4096, "");
            peer.closed_by_client();
        });
        ipc::ClientOptions options = service.options();
        options.max_frame_bytes = 1024;
        ipc::IpcClient client(options);
        auto result =
            client.stream(pb::ECHO_STREAM_REQUEST, pb::EchoStreamRequest(),
                          [](const ipc::FrameHeader&, std::span<const std::byte>) { return true; });
        const bool still_connected = client.is_connected();
        service.join();
        QVERIFY(!result);
        QCOMPARE(result.error().code, pb::MALFORMED_FRAME);
        QCOMPARE(result.error().message, std::string("the service sent a malformed frame"));
        QVERIFY(!still_connected);
    }

    void a_cancel_request_on_a_quiet_socket_stream_sends_cancel_and_ends_cancelled() {
        std::atomic<std::uint64_t> request_id{0};
        std::atomic<std::uint64_t> cancelled_id{0};
        StandInService service;
        service.serve([&](Peer& peer) {
            if (!peer.welcome()) return;
            auto request = peer.read();
            if (!request) return;
            request_id = request->header.request_id;
            // Quiet until the client cancels; then the end of the stream.
            auto cancel = peer.read();
            if (!cancel || cancel->header.kind != pb::CANCEL) return;
            cancelled_id = cancel->header.request_id;
            peer.send(pb::ECHO_STREAM_CHUNK, cancel->header.request_id, pb::EchoStreamChunk(),
                      pb::FLAG_END_OF_STREAM);
            peer.closed_by_client();
        });
        ipc::IpcClient client(service.options());
        QVERIFY(client.connect());
        std::thread canceller([&] {
            while (request_id.load() == 0) std::this_thread::sleep_for(1ms);
            std::this_thread::sleep_for(50ms);
            client.request_cancel();
        });
        int frames = 0;
        auto result = client.stream(pb::ECHO_STREAM_REQUEST, pb::EchoStreamRequest(),
                                    [&frames](const ipc::FrameHeader&, std::span<const std::byte>) {
                                        frames += 1;
                                        return true;
                                    });
        canceller.join();
        const bool still_connected = client.is_connected();
        client.disconnect();
        service.join();
        QVERIFY(!result);
        QCOMPARE(result.error().code, pb::CANCELLED);
        QCOMPARE(result.error().message, std::string("the stream was cancelled"));
        QCOMPARE(cancelled_id.load(), request_id.load());
        // The frames after a CANCEL are not handed on.
        QCOMPARE(frames, 0);
        QVERIFY(still_connected);
    }
};

QTEST_GUILESS_MAIN(ClientProtocolErrorsTest)
#include "test_client_protocol_errors.moc"
