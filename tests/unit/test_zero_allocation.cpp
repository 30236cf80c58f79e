// Counts every heap allocation of this process (the test links the counting allocator hooks)
// while a real client and a real server talk over the shared-memory transport in-process.
#include <QtTest>

#include <QDateTime>
#include <QTemporaryDir>

#include <atomic>
#include <thread>

#include "allocation_counter.h"
#include "builtin_handlers.h"
#include "ipc_client.h"
#include "ipc_server.h"
#include "service_metrics.h"

using namespace lapce_ai;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t kMessages = 100'000;

std::uint64_t allocations() {
    return allocation_count().value_or(0);
}

}  // namespace

class ZeroAllocationTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(allocation_count().has_value(), "the counting allocator hooks are not linked");
        QVERIFY(dir_.isValid());
        registry_ = std::make_unique<ipc::HandlerRegistry>();
        ipc::register_builtin_handlers(*registry_, metrics_, ipc::kDefaultMaxFrameBytes);
        registry_->freeze();
        ipc::ServerConfig config;
        config.socket_dir = dir_.path() + QStringLiteral("/rt");
        server_ = std::make_unique<ipc::IpcServer>(config, *registry_, metrics_);
        QVERIFY(server_->listen().has_value());
    }

    void cleanupTestCase() { server_.reset(); }

    void counter_sees_allocations() {
        const std::uint64_t before = allocations();
        // Through a volatile pointer, so the compiler cannot elide the allocation.
        void* (*volatile allocate)(std::size_t) = std::malloc;
        std::free(allocate(64));
        QVERIFY(allocations() > before);
    }

    void round_trips_allocate_nothing_after_warm_up_data() {
        QTest::addColumn<std::uint32_t>("payload_bytes");
        QTest::newRow("64 B") << 64u;
        QTest::newRow("1 KiB") << 1024u;
        QTest::newRow("16 KiB") << 16384u;
    }

    void round_trips_allocate_nothing_after_warm_up() {
        QFETCH(std::uint32_t, payload_bytes);
        std::uint64_t measured = ~0ull;
        bool ok = false;
        run_client([&](ipc::IpcClient& client) {
            ipc::proto::Ping ping;
            ipc::proto::Pong pong;
            auto round_trip = [&] {
                pong.mutable_payload()->swap(*ping.mutable_payload());
                ping.mutable_payload()->resize(payload_bytes, 'p');
                ping.set_sent_ns(ping.sent_ns() + 1);
                return client.call(ipc::proto::PING, ping, ipc::proto::PONG, pong).has_value() &&
                       pong.payload().size() == payload_bytes && pong.sent_ns() == ping.sent_ns();
            };
            for (int i = 0; i < 1000; ++i) {
                if (!round_trip()) return;
            }
            const std::uint64_t before = allocations();
            for (std::uint32_t i = 0; i < kMessages; ++i) {
                if (!round_trip()) return;
            }
            measured = allocations() - before;
            ok = true;
        });
        QVERIFY(ok);
        QCOMPARE(measured, std::uint64_t{0});
    }

    void stream_chunks_allocate_nothing_per_chunk() {
        std::uint64_t short_stream = 0;
        std::uint64_t long_stream = 0;
        std::uint64_t received = 0;
        bool ok = false;
        run_client([&](ipc::IpcClient& client) {
            ipc::proto::EchoStreamRequest request;
            request.set_chunk_bytes(64);
            auto stream = [&](std::uint32_t count, std::uint64_t& allocated) {
                request.set_count(count);
                received = 0;
                const std::uint64_t before = allocations();
                const bool done =
                    client
                        .stream(ipc::proto::ECHO_STREAM_REQUEST, request,
                                [&](const ipc::FrameHeader&, std::span<const std::byte>) {
                                    ++received;
                                    return true;
                                })
                        .has_value();
                allocated = allocations() - before;
                return done && received == count;
            };
            std::uint64_t warm = 0;
            ok = stream(1000, warm) && stream(1000, short_stream) && stream(kMessages, long_stream);
        });
        QVERIFY(ok);
        // Starting a stream costs a fixed handful of allocations (the pool task, the chunk
        // message); the chunks themselves cost none, so 100x more chunks cost nothing more.
        QVERIFY2(long_stream <= short_stream + 8,
                 qPrintable(QStringLiteral("1k chunks: %1 allocations, 100k chunks: %2")
                                .arg(short_stream)
                                .arg(long_stream)));
    }

  private:
    // Runs `body` on a client thread. The main thread serves the handshake, then stays out of
    // the way (no event processing) so that only the IPC hot path runs while we count.
    template <typename Body>
    void run_client(Body body) {
        std::atomic<int> phase{0};  // 0 connecting, 1 connected, 2 finished
        std::thread worker([&] {
            ipc::ClientOptions options;
            options.socket_dir = server_->paths().dir;
            options.reconnect.enabled = false;
            ipc::IpcClient client(options);
            if (!client.connect()) {
                phase = 2;
                return;
            }
            phase = 1;
            body(client);
            client.disconnect();
            phase = 2;
        });
        QTRY_VERIFY_WITH_TIMEOUT(phase.load() != 0, 10000);
        while (phase.load() != 2) std::this_thread::sleep_for(1ms);
        worker.join();
        QCoreApplication::processEvents();
    }

    QTemporaryDir dir_;
    ServiceMetrics metrics_{QDateTime::currentMSecsSinceEpoch()};
    std::unique_ptr<ipc::HandlerRegistry> registry_;
    std::unique_ptr<ipc::IpcServer> server_;
};

QTEST_GUILESS_MAIN(ZeroAllocationTest)
#include "test_zero_allocation.moc"
