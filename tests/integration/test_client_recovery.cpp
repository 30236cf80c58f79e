// Crash recovery: the service is SIGKILLed under a connected client.
#include <signal.h>

#include <QtTest>

#include <QElapsedTimer>
#include <QFile>

#include "ipc_client.h"
#include "service_process.h"

using namespace lapce_ai;
using lapce_ai::testing::ServiceProcess;

namespace {

bool ping(ipc::IpcClient& client, ipc::Idempotency idempotency = ipc::Idempotency::Idempotent,
          ipc::ClientError* error = nullptr) {
    ipc::proto::Ping request;
    ipc::proto::Pong reply;
    request.set_payload("are you there");
    auto result = client.call(ipc::proto::PING, request, ipc::proto::PONG, reply, idempotency);
    if (!result && error != nullptr) *error = result.error();
    return result.has_value() && reply.payload() == "are you there";
}

// Stops a service this test did not start as a child (one the client launched).
void stop_service(const QString& socket_dir, qint64 pid) {
    if (pid > 0) ::kill(static_cast<pid_t>(pid), SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(socket_dir + QStringLiteral("/service.sock")), 5000);
}

}  // namespace

class ClientRecoveryTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void init() {
        service_ = std::make_unique<ServiceProcess>();
        QVERIFY(service_->start());
    }
    void cleanup() { service_.reset(); }

    void reconnects_and_replays_an_idempotent_request_after_sigkill() {
        ipc::IpcClient client(recovering_options());
        QVERIFY(ping(client));
        const qint64 old_pid = client.welcome().server_pid();
        service_->kill();
        QVERIFY(ping(client));
        QVERIFY(client.welcome().server_pid() != old_pid);
        const auto stats = client.recovery_stats();
        QCOMPARE(stats.recoveries, std::uint64_t{1});
        QVERIFY(stats.last_recovery_us > 0);
        QCOMPARE(stats.failed_recoveries, std::uint64_t{0});
        // The restarted service heard about the recovery from the client's Hello.
        ipc::proto::MetricsRequest request;
        ipc::proto::MetricsSnapshot snapshot;
        QVERIFY(
            client
                .call(ipc::proto::METRICS_REQUEST, request, ipc::proto::METRICS_SNAPSHOT, snapshot)
                .has_value());
        QCOMPARE(snapshot.recoveries_total(), std::uint64_t{1});
        QCOMPARE(snapshot.recovery_duration().count(), std::uint64_t{1});
        stop_service(service_->socket_dir(), client.welcome().server_pid());
    }

    void survives_repeated_crashes_without_losing_requests() {
        ipc::IpcClient client(recovering_options());
        QVERIFY(ping(client));
        service_->kill();
        for (int crash = 0; crash < 5; ++crash) {
            QVERIFY(ping(client));
            ::kill(static_cast<pid_t>(client.welcome().server_pid()), SIGKILL);
        }
        QVERIFY(ping(client));
        QCOMPARE(client.recovery_stats().recoveries, std::uint64_t{6});
        stop_service(service_->socket_dir(), client.welcome().server_pid());
    }

    void a_broken_stream_ends_with_service_restarted() {
        ipc::IpcClient client(recovering_options());
        QVERIFY(ping(client));
        ipc::proto::EchoStreamRequest request;
        request.set_count(50'000'000);
        request.set_chunk_bytes(64);
        int seen = 0;
        const auto pid = static_cast<pid_t>(client.welcome().server_pid());
        auto result = client.stream(ipc::proto::ECHO_STREAM_REQUEST, request,
                                    [&](const ipc::FrameHeader&, std::span<const std::byte>) {
                                        if (++seen == 1000) ::kill(pid, SIGKILL);
                                        return true;
                                    });
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ipc::proto::SERVICE_RESTARTED);
        QVERIFY(ping(client));  // the client recovered while reporting the broken stream
        QVERIFY(client.welcome().server_pid() != pid);
        service_->kill();  // reap the old child
        stop_service(service_->socket_dir(), client.welcome().server_pid());
    }

    void a_request_that_is_not_idempotent_is_not_replayed() {
        ipc::IpcClient client(recovering_options());
        QVERIFY(ping(client));
        service_->kill();
        ipc::ClientError error;
        QVERIFY(!ping(client, ipc::Idempotency::NotIdempotent, &error));
        QCOMPARE(error.code, ipc::proto::SERVICE_RESTARTED);
        QVERIFY(ping(client, ipc::Idempotency::NotIdempotent));
        stop_service(service_->socket_dir(), client.welcome().server_pid());
    }

    void without_reconnect_a_lost_service_is_reported_at_once() {
        ipc::IpcClient client(service_->client_options());
        QVERIFY(ping(client));
        service_->kill();
        QElapsedTimer timer;
        timer.start();
        ipc::ClientError error;
        QVERIFY(!ping(client, ipc::Idempotency::Idempotent, &error));
        QCOMPARE(error.code, ipc::proto::UNAVAILABLE);
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(!client.is_connected());
    }

    void recovery_gives_up_after_the_policy_deadline() {
        ipc::ClientOptions options = recovering_options();
        options.service_program = QStringLiteral("/bin/true");  // starts, but never serves
        options.reconnect.give_up_after = std::chrono::milliseconds(300);
        ipc::IpcClient client(options);
        QVERIFY(ping(client));
        service_->kill();
        QElapsedTimer timer;
        timer.start();
        ipc::ClientError error;
        QVERIFY(!ping(client, ipc::Idempotency::Idempotent, &error));
        QCOMPARE(error.code, ipc::proto::UNAVAILABLE);
        QVERIFY(timer.elapsed() >= 300);
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(client.recovery_stats().failed_recoveries, std::uint64_t{1});
    }

    void a_client_starts_the_service_when_none_runs() {
        QTemporaryDir dir;
        ipc::ClientOptions options;
        options.socket_dir = dir.path() + QStringLiteral("/rt");
        const auto stop_started =
            qScopeGuard([&] { ServiceProcess::stop_service_in(options.socket_dir); });
        options.service_program = ServiceProcess::service_binary();
        options.reconnect.enabled = false;
        ipc::IpcClient client(options);
        QVERIFY(ping(client));
        stop_service(options.socket_dir, client.welcome().server_pid());
    }

    void without_service_and_program_connect_fails_with_unavailable() {
        QTemporaryDir dir;
        ipc::ClientOptions options;
        options.socket_dir = dir.path();
        ipc::IpcClient client(options);
        auto result = client.connect();
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ipc::proto::UNAVAILABLE);
    }

  private:
    ipc::ClientOptions recovering_options() const {
        ipc::ClientOptions options = service_->client_options();
        options.reconnect.enabled = true;
        options.service_program = ServiceProcess::service_binary();
        return options;
    }

    std::unique_ptr<ServiceProcess> service_;
};

QTEST_GUILESS_MAIN(ClientRecoveryTest)
#include "test_client_recovery.moc"
