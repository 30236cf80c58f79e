// The metrics feed (SUBSCRIBE_METRICS) and the service's restart accounting, against a real
// lapce-ai-service process.
#include <QtTest>

#include <QFile>

#include <map>
#include <vector>

#include "ipc_client.h"
#include "metrics_subscription.h"
#include "raw_connection.h"
#include "service_process.h"

using namespace lapce_ai;
using lapce_ai::testing::RawConnection;
using lapce_ai::testing::ReceivedFrame;
using lapce_ai::testing::ServiceProcess;

namespace {

ipc::proto::MetricsSnapshot request_metrics(ipc::IpcClient& client) {
    ipc::proto::MetricsRequest request;
    ipc::proto::MetricsSnapshot snapshot;
    if (!client.call(ipc::proto::METRICS_REQUEST, request, ipc::proto::METRICS_SNAPSHOT, snapshot))
        qWarning("metrics request failed");
    return snapshot;
}

ipc::proto::SubscribeMetrics subscription(std::uint32_t interval_ms) {
    ipc::proto::SubscribeMetrics request;
    request.set_interval_ms(interval_ms);
    return request;
}

bool is_end_of_stream(const ReceivedFrame& frame) {
    return (frame.header.flags & ipc::proto::FLAG_END_OF_STREAM) != 0;
}

std::optional<ipc::proto::MetricsSnapshot> as_snapshot(const ReceivedFrame& frame) {
    ipc::proto::MetricsSnapshot snapshot;
    if (frame.header.kind != ipc::proto::METRICS_SNAPSHOT ||
        !snapshot.ParseFromArray(frame.payload.constData(), static_cast<int>(frame.payload.size())))
        return std::nullopt;
    return snapshot;
}

}  // namespace

class MetricsFeedTest : public QObject {
    Q_OBJECT

  private:
    // A socket session on the service, handshake done.
    bool open_raw(RawConnection& connection) {
        if (!connection.connect(service_->socket_path()) ||
            !connection.send_hello(service_->read_token().toStdString()))
            return false;
        const auto welcome = connection.receive();
        return welcome && welcome->header.kind == ipc::proto::WELCOME;
    }

    std::unique_ptr<ServiceProcess> service_;

  private Q_SLOTS:
    void init() {
        service_ = std::make_unique<ServiceProcess>();
        QVERIFY(service_->start());
    }
    void cleanup() { service_.reset(); }

    void frames_come_numbered_with_the_service_figures() {
        ipc::IpcClient client(service_->client_options());
        std::vector<ipc::proto::MetricsSnapshot> frames;
        auto result = ipc::subscribe_metrics(client, std::chrono::milliseconds(100),
                                             [&](const ipc::proto::MetricsSnapshot& snapshot) {
                                                 frames.push_back(snapshot);
                                                 return frames.size() < 3;
                                             });
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        QCOMPARE(frames.size(), 3u);
        for (std::size_t i = 0; i < frames.size(); ++i) {
            const ipc::proto::MetricsSnapshot& frame = frames[i];
            QCOMPARE(frame.sequence(), i + 1);
            QCOMPARE(QString::fromStdString(frame.version()), QStringLiteral(LAPCE_AI_VERSION));
            QCOMPARE(static_cast<qint64>(frame.server_pid()), service_->pid());
            QVERIFY(frame.rss_bytes() > 0);
            QVERIFY(frame.sessions_active() >= 1);
            QCOMPARE(frame.service_starts(), 1u);
            QCOMPARE(frame.unclean_restarts(), 0u);
            QVERIFY(frame.has_tree_cache());
        }
        QVERIFY(frames[2].uptime_ms() > frames[0].uptime_ms());
    }

    void messages_per_second_counts_the_messages_between_two_frames() {
        ipc::IpcClient feed(service_->client_options());
        ipc::IpcClient load(service_->client_options());
        QVERIFY(load.connect().has_value());
        std::vector<double> rates;
        auto result = ipc::subscribe_metrics(
            feed, std::chrono::milliseconds(100), [&](const ipc::proto::MetricsSnapshot& frame) {
                rates.push_back(frame.messages_per_s());
                if (rates.size() == 1) {
                    ipc::proto::Ping ping;
                    ipc::proto::Pong pong;
                    for (int i = 0; i < 200; ++i) {
                        if (!load.call(ipc::proto::PING, ping, ipc::proto::PONG, pong)) break;
                    }
                }
                return rates.size() < 2;
            });
        QVERIFY(result.has_value());
        QVERIFY2(rates[1] > 0, "200 pings between the frames");
    }

    void cancel_ends_the_feed_with_end_of_stream_and_nothing_after() {
        RawConnection connection;
        QVERIFY(open_raw(connection));
        QVERIFY(connection.send_frame(ipc::proto::SUBSCRIBE_METRICS, 7, subscription(100)));
        for (std::uint64_t sequence = 1; sequence <= 2; ++sequence) {
            const auto frame = connection.receive();
            QVERIFY(frame.has_value());
            QCOMPARE(frame->header.request_id, 7u);
            QCOMPARE(frame->header.flags & ipc::proto::FLAG_STREAM_CHUNK,
                     ipc::proto::FLAG_STREAM_CHUNK);
            QVERIFY(!is_end_of_stream(*frame));
            QCOMPARE(as_snapshot(*frame)->sequence(), sequence);
        }
        QVERIFY(connection.send_frame(ipc::proto::CANCEL, 7, ipc::proto::Cancel{}));
        // A frame already on its way may come before the end.
        std::optional<ReceivedFrame> frame;
        for (int i = 0; i < 3; ++i) {
            frame = connection.receive();
            QVERIFY(frame.has_value());
            if (is_end_of_stream(*frame)) break;
        }
        QVERIFY(is_end_of_stream(*frame));
        const auto error = RawConnection::as_error(frame);
        QVERIFY(error.has_value());
        QCOMPARE(error->code(), ipc::proto::CANCELLED);
        // Five intervals of silence.
        QVERIFY(!connection.receive(std::chrono::milliseconds(500)).has_value());
        QVERIFY(!connection.closed_by_peer(std::chrono::milliseconds(0)));
    }

    void subscriptions_in_one_session_are_independent() {
        RawConnection connection;
        QVERIFY(open_raw(connection));
        QVERIFY(connection.send_frame(ipc::proto::SUBSCRIBE_METRICS, 1, subscription(100)));
        QVERIFY(connection.send_frame(ipc::proto::SUBSCRIBE_METRICS, 2, subscription(150)));
        std::map<std::uint64_t, std::vector<std::uint64_t>> sequences;
        while (sequences[1].size() < 3 || sequences[2].size() < 3) {
            const auto frame = connection.receive();
            QVERIFY(frame.has_value());
            const auto snapshot = as_snapshot(*frame);
            QVERIFY(snapshot.has_value());
            sequences[frame->header.request_id].push_back(snapshot->sequence());
        }
        QCOMPARE(sequences.size(), 2u);
        for (auto& [id, numbers] : sequences) {
            for (std::size_t i = 0; i < numbers.size(); ++i) QCOMPARE(numbers[i], i + 1);
        }
        // Cancelling the first leaves the second running.
        QVERIFY(connection.send_frame(ipc::proto::CANCEL, 1, ipc::proto::Cancel{}));
        bool first_ended = false;
        std::size_t second_after_cancel = 0;
        while (!first_ended || second_after_cancel < 2) {
            const auto frame = connection.receive();
            QVERIFY(frame.has_value());
            if (frame->header.request_id == 1) {
                first_ended = first_ended || is_end_of_stream(*frame);
            } else if (first_ended) {
                QCOMPARE(frame->header.request_id, 2u);
                QVERIFY(!is_end_of_stream(*frame));
                ++second_after_cancel;
            }
        }
    }

    void a_ninth_feed_is_refused_while_eight_run() {
        std::vector<std::unique_ptr<RawConnection>> feeds;
        for (int i = 0; i < 8; ++i) {
            auto connection = std::make_unique<RawConnection>();
            QVERIFY(open_raw(*connection));
            QVERIFY(connection->send_frame(ipc::proto::SUBSCRIBE_METRICS, 1, subscription(100)));
            feeds.push_back(std::move(connection));
        }
        // A frame from each shows all eight running (not still queued for a pool thread).
        for (auto& feed : feeds) {
            const auto frame = feed->receive();
            QVERIFY(frame.has_value());
            QVERIFY(as_snapshot(*frame).has_value());
        }
        RawConnection ninth;
        QVERIFY(open_raw(ninth));
        QVERIFY(ninth.send_frame(ipc::proto::SUBSCRIBE_METRICS, 7, subscription(100)));
        const auto refused = ninth.receive();
        QVERIFY(refused.has_value());
        QCOMPARE(refused->header.kind, static_cast<std::uint16_t>(ipc::proto::ERROR));
        QCOMPARE(refused->header.request_id, 7u);
        ipc::proto::Error error;
        QVERIFY(error.ParseFromArray(refused->payload.constData(),
                                     static_cast<int>(refused->payload.size())));
        QCOMPARE(error.code(), ipc::proto::UNAVAILABLE);
        QVERIFY(is_end_of_stream(*refused));
    }

    void a_closed_session_ends_its_feeds() {
        // Long intervals: a feed that outlived its session would hold its place for seconds.
        std::vector<std::unique_ptr<RawConnection>> connections;
        for (int i = 0; i < 8; ++i) {
            auto connection = std::make_unique<RawConnection>();
            QVERIFY(open_raw(*connection));
            QVERIFY(connection->send_frame(ipc::proto::SUBSCRIBE_METRICS, 1, subscription(10'000)));
            connections.push_back(std::move(connection));
        }
        auto subscribe_once = [&](std::chrono::milliseconds wait) -> std::optional<ReceivedFrame> {
            RawConnection connection;
            if (!open_raw(connection) ||
                !connection.send_frame(ipc::proto::SUBSCRIBE_METRICS, 2, subscription(100)))
                return std::nullopt;
            return connection.receive(wait);
        };
        connections.clear();  // closes the eight sessions
        // Their feeds end at once, not at their next 10 s frame: a new one gets frames.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto frame = subscribe_once(std::chrono::seconds(1));
                return frame && frame->header.kind == ipc::proto::METRICS_SNAPSHOT;
            }(),
            5000);
    }

    void metrics_request_carries_the_new_figures() {
        ipc::IpcClient client(service_->client_options());
        const ipc::proto::MetricsSnapshot snapshot = request_metrics(client);
        QCOMPARE(QString::fromStdString(snapshot.version()), QStringLiteral(LAPCE_AI_VERSION));
        QCOMPARE(snapshot.service_starts(), 1u);
        QCOMPARE(snapshot.sequence(), 0u);
        QVERIFY(snapshot.has_tree_cache());
    }

    void a_killed_service_counts_an_unclean_restart() {
        service_->kill();
        QVERIFY(service_->start());
        ipc::IpcClient client(service_->client_options());
        const ipc::proto::MetricsSnapshot snapshot = request_metrics(client);
        QCOMPARE(snapshot.service_starts(), 2u);
        QCOMPARE(snapshot.unclean_restarts(), 1u);
    }

    void a_terminated_service_restarts_cleanly() {
        QVERIFY(service_->terminate());
        QVERIFY(service_->start());
        ipc::IpcClient client(service_->client_options());
        const ipc::proto::MetricsSnapshot snapshot = request_metrics(client);
        QCOMPARE(snapshot.service_starts(), 2u);
        QCOMPARE(snapshot.unclean_restarts(), 0u);
    }

    void a_corrupt_state_file_starts_the_counts_afresh() {
        service_->kill();
        QFile state(service_->socket_dir() + QStringLiteral("/service.state"));
        QVERIFY(state.open(QIODevice::WriteOnly | QIODevice::Truncate));
        state.write("{\"format\": 1, \"state\": \"running\", \"service_starts\": \"many\"");
        state.close();
        QVERIFY(service_->start());
        ipc::IpcClient client(service_->client_options());
        const ipc::proto::MetricsSnapshot snapshot = request_metrics(client);
        QCOMPARE(snapshot.service_starts(), 1u);
        QCOMPARE(snapshot.unclean_restarts(), 0u);
    }

    void a_recovering_client_shows_as_the_last_recovery() {
        ipc::ClientOptions options = service_->client_options();
        options.reconnect.enabled = true;
        ipc::IpcClient client(options);
        QVERIFY(client.connect().has_value());
        service_->kill();
        QVERIFY(service_->start());
        // The first call after the loss reconnects and reports the recovery in its Hello.
        const ipc::proto::MetricsSnapshot snapshot = request_metrics(client);
        QCOMPARE(snapshot.recoveries_total(), 1u);
        QVERIFY(snapshot.last_recovery_ms() > 0);
        QVERIFY(snapshot.last_recovery_at() > 0);
    }
};

QTEST_GUILESS_MAIN(MetricsFeedTest)
#include "test_metrics_feed.moc"
