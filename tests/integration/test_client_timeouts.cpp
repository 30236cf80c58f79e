// The client against a peer that stalls half-way through a reply: a stand-in service built from
// the same protocol pieces, misbehaving on purpose.
#include <sys/socket.h>
#include <sys/un.h>

#include <QtTest>

#include <QTemporaryDir>

#include <thread>

#include "frame.h"
#include "frame_ring_io.h"
#include "ipc_client.h"
#include "lapce_ai.pb.h"
#include "ring_segment.h"
#include "runtime_paths.h"
#include "unix_socket.h"

using namespace lapce_ai;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

// Listens where a service would, answers one Hello with a Welcome and hands the connection to
// `after_welcome`.
class StallingService {
  public:
    explicit StallingService(const QString& dir) : paths_(ipc::runtime_paths(dir)) {
        (void)ipc::ensure_private_dir(paths_.dir);
        (void)ipc::write_private_file(paths_.token_path, "token");
        listener_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray path = QFile::encodeName(paths_.socket_path);
        std::memcpy(address.sun_path, path.constData(), static_cast<std::size_t>(path.size()) + 1);
        ::bind(listener_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
        ::listen(listener_.get(), 4);
    }

    // Serves one shared-memory session: reads the request frame, then sends only the first
    // `bytes_of_reply` bytes of a Pong and stalls until `release` is set.
    void serve_partial_reply(std::size_t bytes_of_reply, const std::atomic<bool>& release) {
        UniqueFd connection(::accept(listener_.get(), nullptr, nullptr));
        const auto deadline = Clock::now() + 5s;
        std::array<std::byte, ipc::kFrameHeaderBytes> raw{};
        if (ipc::UnixSocket::recv_exact(connection.get(), raw, deadline) != ipc::SocketStatus::Ok)
            return;
        std::string hello(ipc::decode_frame_header(raw).length, '\0');
        ipc::UnixSocket::recv_exact(
            connection.get(), {reinterpret_cast<std::byte*>(hello.data()), hello.size()}, deadline);
        auto segment = ipc::RingSegment::create(ipc::SharedMemory::unique_name(), 4096);
        if (!segment) return;
        ipc::proto::Welcome welcome;
        welcome.set_shm_name(segment->memory().name());
        welcome.set_ring_bytes(4096);
        welcome.set_wake(ipc::proto::WAKE_FUTEX);
        std::string frame;
        ipc::encode_frame(frame, ipc::proto::WELCOME, 0, 0, welcome);
        ipc::UnixSocket::send_all(connection.get(),
                                  {reinterpret_cast<const std::byte*>(frame.data()), frame.size()},
                                  deadline);
        ipc::FrameHeader header;
        std::string request;
        ipc::read_frame(segment->client_to_service(), ipc::WaitContext{deadline, nullptr, {}},
                        1 << 20, header, request);
        ipc::proto::Pong pong;
        pong.set_payload(std::string(100, 'p'));
        ipc::encode_frame(frame, ipc::proto::PONG, 0, header.request_id, pong);
        segment->service_to_client().write(
            {reinterpret_cast<const std::byte*>(frame.data()), bytes_of_reply},
            ipc::WaitContext{deadline, nullptr, {}});
        while (!release.load()) std::this_thread::sleep_for(5ms);
        segment->memory().unlink();
    }

  private:
    ipc::RuntimePaths paths_;
    UniqueFd listener_;
};

struct TimedOutCall {
    std::optional<ipc::ClientError> error;
    bool still_connected = false;
};

// One ping (200 ms timeout) against a service that sends `bytes_of_reply` bytes of the Pong.
TimedOutCall ping_stalling_service(std::size_t bytes_of_reply) {
    QTemporaryDir dir;
    StallingService service(dir.path() + QStringLiteral("/rt"));
    std::atomic<bool> release{false};
    std::thread peer([&] { service.serve_partial_reply(bytes_of_reply, release); });
    ipc::ClientOptions options;
    options.socket_dir = dir.path() + QStringLiteral("/rt");
    options.reconnect.enabled = false;
    options.request_timeout = 200ms;
    ipc::IpcClient client(options);
    ipc::proto::Ping ping;
    ipc::proto::Pong pong;
    auto result = client.call(ipc::proto::PING, ping, ipc::proto::PONG, pong);
    TimedOutCall outcome{result ? std::nullopt : std::optional(result.error()),
                         client.is_connected()};
    release = true;
    peer.join();
    return outcome;
}

}  // namespace

class ClientTimeoutTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void a_reply_cut_off_mid_frame_times_out_and_drops_the_connection() {
        const TimedOutCall call = ping_stalling_service(20);
        QVERIFY(call.error.has_value());
        QCOMPARE(call.error->code, ipc::proto::TIMEOUT);
        // Half a frame was consumed: reading on would parse payload bytes as a header.
        QVERIFY(!call.still_connected);
    }

    void a_reply_that_never_starts_times_out_and_keeps_the_connection() {
        const TimedOutCall call = ping_stalling_service(0);
        QVERIFY(call.error.has_value());
        QCOMPARE(call.error->code, ipc::proto::TIMEOUT);
        // Nothing of the reply was read: the frame boundary is intact.
        QVERIFY(call.still_connected);
    }
};

QTEST_GUILESS_MAIN(ClientTimeoutTest)
#include "test_client_timeouts.moc"
