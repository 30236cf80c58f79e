// The engine's own HTTP/2 (http2_client_session.h, http2_connection.h, direct_reply.h) against
// node:http2 (nghttp2) over TLS on loopback: streams sharing a connection, flow control both
// ways, padding, CONTINUATION, interim heads and trailers, resets, GOAWAY and cancellation.

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

#include <memory>
#include <vector>

#include "http_client.h"
#include "node_tls_server.h"
#include "provider_test_helpers.h"
#include "run_task.h"
#include "task.h"
#include "transport_error.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;

namespace {

const QString kServerScript = QStringLiteral("tests/support/h2_test_server.mjs");

template <typename T>
std::exception_ptr run(Task<T>& task, int timeout_ms = 15'000) {
    bool finished = false;
    std::exception_ptr error = testing::run_task(task, timeout_ms, finished);
    if (!finished) qFatal("task did not finish");
    return error;
}

std::string describe(std::exception_ptr error) {
    if (!error) return {};
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& failure) {
        return failure.what();
    } catch (...) {
        return "not a std::exception";
    }
}

// The task finished without an exception (else the test fails, saying what was thrown).
#define VERIFY_RUNS(task)                            \
    do {                                             \
        const std::exception_ptr thrown = run(task); \
        QVERIFY2(!thrown, describe(thrown).c_str()); \
    } while (false)

struct Fetched {
    int status = 0;
    bool http2 = false;
    QByteArray body;
    std::optional<QByteArray> header;
};

Task<Fetched> fetch(HttpClient& http, QByteArray url, QByteArray method = "GET",
                    QByteArray body = {}, QByteArray header_name = {}) {
    HttpRequest request;
    request.method = std::move(method);
    request.url = QUrl(QString::fromLatin1(url));
    request.body = std::move(body);
    std::unique_ptr<HttpResponse> response = co_await http.send(std::move(request));
    Fetched fetched;
    fetched.status = response->status();
    fetched.http2 = response->http2_used();
    if (!header_name.isEmpty()) fetched.header = response->header(header_name);
    fetched.body = co_await response->read_all();
    co_return fetched;
}

std::string failure_of(std::exception_ptr error, TransportError::Kind& kind) {
    try {
        std::rethrow_exception(error);
    } catch (const TransportError& failure) {
        kind = failure.kind();
        return failure.what();
    }
}

QByteArray pattern_bytes(qint64 size) {
    QByteArray out;
    out.reserve(size);
    while (out.size() < size) out += "0123456789abcdef";
    out.truncate(size);
    return out;
}

}  // namespace

class TestHttp2Transport : public QObject {
    Q_OBJECT

  private:
    std::unique_ptr<testing::NodeTlsServer> server_;
    std::unique_ptr<HttpClient> http_;

    QByteArray url(const char* path) const { return server_->base_url() + path; }

  private Q_SLOTS:
    void init() {
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
            QSKIP("needs node (node:http2)");
        const bool padded = QByteArray(QTest::currentTestFunction()).contains("padded");
        server_ = std::make_unique<testing::NodeTlsServer>(
            kServerScript, padded ? QStringList{QStringLiteral("--padding")} : QStringList{});
        QVERIFY(server_->port() != 0);
        http_ = std::make_unique<HttpClient>();
        http_->set_tls_configuration(testing::trusting_the_test_certificate());
    }

    void cleanup() {
        http_.reset();
        server_.reset();
    }

    void concurrent_requests_share_one_connection_as_streams() {
        std::vector<Task<Fetched>> tasks;
        for (int i = 0; i < 8; ++i) tasks.push_back(fetch(*http_, url("/sse")));
        int done = 0;
        for (Task<Fetched>& task : tasks) {
            task.start([&](std::exception_ptr error) {
                QVERIFY2(!error, describe(error).c_str());
                ++done;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 8, 15'000);
        for (Task<Fetched>& task : tasks) {
            const Fetched fetched = task.result();
            QCOMPARE(fetched.status, 200);
            QVERIFY(fetched.http2);
            QCOMPARE(fetched.body, QByteArray("data: 1\n\ndata: 2\n\ndata: [DONE]\n\n"));
        }
        QCOMPARE(server_->connections(), 1);
        const HttpHostMetrics metrics = http_->metrics().begin()->second;
        QCOMPARE(metrics.requests, 8u);
        QCOMPARE(metrics.new_connections, 1u);
        QCOMPARE(metrics.acquisition.count, 8u);
    }

    void a_request_body_larger_than_the_servers_windows_arrives_whole() {
        // Over the 65,535 bytes a stream and the connection may send before the server's credit.
        QByteArray body(1024 * 1024 + 7, Qt::Uninitialized);
        for (qsizetype i = 0; i < body.size(); ++i) body[i] = static_cast<char>((i * 31) % 251);
        Task<Fetched> task = fetch(*http_, url("/echo"), "POST", body);
        VERIFY_RUNS(task);
        const Fetched task_fetched = task.result();
        const QJsonObject echo = QJsonDocument::fromJson(task_fetched.body).object();
        QCOMPARE(echo.value(QLatin1String("bytes")).toInteger(), body.size());
        QCOMPARE(echo.value(QLatin1String("sha256")).toString().toLatin1(),
                 QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
        QCOMPARE(echo.value(QLatin1String("contentLength")).toString(),
                 QString::number(body.size()));
    }

    void a_response_larger_than_the_windows_is_read_whole() {
        constexpr qint64 kSize = 6 * 1024 * 1024 + 3;  // over the connection window too
        Task<Fetched> task = fetch(*http_, url("/bytes?n=") + QByteArray::number(kSize));
        VERIFY_RUNS(task);
        const Fetched task_fetched = task.result();
        QCOMPARE(task_fetched.body.size(), kSize);
        QVERIFY(task_fetched.body == pattern_bytes(kSize));
    }

    void a_reader_that_falls_behind_holds_at_most_one_stream_window() {
        constexpr qint64 kSize = 8 * 1024 * 1024;
        std::unique_ptr<HttpResponse> response;
        auto headers = [&]() -> Task<void> {
            HttpRequest request;
            request.method = "GET";
            request.url = QUrl(QString::fromLatin1(url("/bytes?n=") + QByteArray::number(kSize)));
            response = co_await http_->send(std::move(request));
        };
        Task<void> started = headers();
        VERIFY_RUNS(started);
        QTest::qWait(500);  // nobody reads
        QVERIFY2(response->unread_bytes() <= 256 * 1024,
                 QByteArray::number(response->unread_bytes()).constData());
        QVERIFY(response->unread_bytes() > 0);
        auto rest = [&]() -> Task<QByteArray> { co_return co_await response->read_all(); };
        Task<QByteArray> read = rest();
        VERIFY_RUNS(read);
        QVERIFY(read.result() == pattern_bytes(kSize));
    }

    void a_reader_that_falls_behind_does_not_hold_up_the_other_streams() {
        // 17 streams of 512 KiB: unread, they hold more than the connection's 4 MiB window.
        constexpr int kStreams = 17;
        constexpr qint64 kSize = 512 * 1024;
        std::vector<std::unique_ptr<HttpResponse>> responses(kStreams);
        std::vector<Task<void>> heads;
        for (int i = 0; i < kStreams; ++i) {
            heads.push_back([](HttpClient& http, QByteArray target,
                               std::unique_ptr<HttpResponse>& response) -> Task<void> {
                HttpRequest request;
                request.method = "GET";
                request.url = QUrl(QString::fromLatin1(target));
                response = co_await http.send(std::move(request));
            }(*http_, url("/bytes?n=") + QByteArray::number(kSize), responses[i]));
        }
        for (Task<void>& head : heads) VERIFY_RUNS(head);
        QTest::qWait(300);                         // nobody reads
        for (int i = kStreams - 1; i >= 0; --i) {  // the last opened first
            auto rest = [&]() -> Task<QByteArray> { co_return co_await responses[i]->read_all(); };
            Task<QByteArray> read = rest();
            VERIFY_RUNS(read);
            QCOMPARE(read.result().size(), kSize);
        }
        QCOMPARE(server_->connections(), 1);
    }

    void a_burst_to_a_host_that_refuses_connections_fails_every_request() {
        const QByteArray closed = "https://127.0.0.1:" + QByteArray::number(testing::closed_port());
        std::vector<Task<Fetched>> tasks;
        for (int i = 0; i < 3; ++i) tasks.push_back(fetch(*http_, closed + "/sse"));
        int refused = 0;
        for (Task<Fetched>& task : tasks) {
            task.start([&](std::exception_ptr error) {
                TransportError::Kind kind = TransportError::Kind::Other;
                if (error) failure_of(error, kind);
                if (kind == TransportError::Kind::ConnectionRefused) ++refused;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(refused, 3, 10'000);
    }

    void padded_frames_and_a_head_in_continuation_frames_are_read() {
        Task<Fetched> big = fetch(*http_, url("/big-header"), "GET", {}, "x-big");
        VERIFY_RUNS(big);
        const Fetched big_fetched = big.result();
        QCOMPARE(big_fetched.status, 200);
        QCOMPARE(big_fetched.header.value_or(QByteArray()), QByteArray(40000, 'b'));
        QCOMPARE(big_fetched.body, QByteArray("ok"));
        Task<Fetched> events = fetch(*http_, url("/sse"));
        VERIFY_RUNS(events);
        const Fetched events_fetched = events.result();
        QCOMPARE(events_fetched.body, QByteArray("data: 1\n\ndata: 2\n\ndata: [DONE]\n\n"));
    }

    void interim_heads_and_trailers_leave_the_response_as_sent() {
        Task<Fetched> task = fetch(*http_, url("/interim"));
        VERIFY_RUNS(task);
        const Fetched task_fetched = task.result();
        QCOMPARE(task_fetched.status, 200);
        QCOMPARE(task_fetched.body, QByteArray("ok"));
    }

    void an_error_status_arrives_with_its_body() {
        Task<Fetched> task = fetch(*http_, url("/missing"));
        VERIFY_RUNS(task);
        const Fetched task_fetched = task.result();
        QCOMPARE(task_fetched.status, 404);
        QCOMPARE(task_fetched.body, QByteArray("not found"));
    }

    void a_stream_reset_by_the_server_is_a_typed_mid_body_error_and_the_connection_stays() {
        Task<Fetched> task = fetch(*http_, url("/reset"));
        const std::exception_ptr error = run(task);
        QVERIFY(error);
        TransportError::Kind kind = TransportError::Kind::Other;
        const std::string message = failure_of(error, kind);
        QCOMPARE(kind, TransportError::Kind::ClosedMidBody);
        QVERIFY2(message.find("INTERNAL_ERROR") != std::string::npos, message.c_str());
        Task<Fetched> next = fetch(*http_, url("/sse"));
        VERIFY_RUNS(next);
        QCOMPARE(next.result().status, 200);
        QCOMPARE(server_->connections(), 1);
    }

    void a_refused_stream_is_sent_again_once() {
        Task<Fetched> task = fetch(*http_, url("/refuse-once"));
        VERIFY_RUNS(task);
        const Fetched task_fetched = task.result();
        QCOMPARE(task_fetched.body, QByteArray("ok"));
    }

    void after_goaway_the_next_request_opens_a_new_connection() {
        Task<Fetched> first = fetch(*http_, url("/goaway"));
        VERIFY_RUNS(first);
        const Fetched first_fetched = first.result();
        QCOMPARE(first_fetched.body, QByteArray("ok"));
        QVERIFY(server_->wait_for_line("CONNECTION", 1000));
        QTest::qWait(200);  // the GOAWAY reaches the client
        Task<Fetched> second = fetch(*http_, url("/sse"));
        VERIFY_RUNS(second);
        const Fetched second_fetched = second.result();
        QCOMPARE(second_fetched.status, 200);
        QCOMPARE(server_->connections(), 2);
    }

    void destroying_a_running_exchange_resets_its_stream_at_once() {
        std::unique_ptr<HttpResponse> response;
        auto headers = [&]() -> Task<void> {
            HttpRequest request;
            request.method = "GET";
            request.url = QUrl(QString::fromLatin1(url("/hang")));
            response = co_await http_->send(std::move(request));
        };
        Task<void> started = headers();
        VERIFY_RUNS(started);
        response.reset();
        QVERIFY(server_->wait_for_line("CLOSED /hang 8", 5000));  // RST_STREAM(CANCEL)
        Task<Fetched> next = fetch(*http_, url("/sse"));
        VERIFY_RUNS(next);
        QCOMPARE(next.result().status, 200);
        QCOMPARE(server_->connections(), 1);
    }
};

QTEST_GUILESS_MAIN(TestHttp2Transport)
#include "test_http2_transport.moc"
