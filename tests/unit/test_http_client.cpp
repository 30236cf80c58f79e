// The provider layer's HTTP engine against a local replay server: streamed bodies arrive in
// pieces, connections are reused and counted, failures are typed, and destroying a running
// exchange aborts it.
#include <QAbstractEventDispatcher>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QSslKey>
#include <QSslServer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>
#include <numeric>

#if defined(Q_OS_UNIX)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

#include "http_client.h"
#include "loopback_direct_proxy_factory.h"
#include "node_tls_server.h"
#include "ordered_json.h"
#include "replay_server.h"
#include "run_task.h"
#include "source_dir.h"
#include "task.h"
#include "tcp_no_delay.h"
#include "test_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::OrderedJson;

namespace {

OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

template <typename T>
std::exception_ptr run(Task<T>& task, int timeout_ms = 10'000) {
    bool finished = false;
    std::exception_ptr error = lapce_ai::testing::run_task(task, timeout_ms, finished);
    if (!finished) qFatal("task did not finish");
    return error;
}

Task<QByteArray> fetch(HttpClient& http, QByteArray url, std::vector<QByteArray>* pieces = nullptr,
                       std::chrono::milliseconds time_to_headers = {}) {
    HttpRequest request;
    request.method = "GET";
    request.url = QUrl(QString::fromLatin1(url));
    request.timeout = time_to_headers;
    std::unique_ptr<HttpResponse> response = co_await http.send(std::move(request));
    QByteArray body;
    while (std::optional<QByteArray> bytes = co_await response->read_some()) {
        if (pieces) pieces->push_back(*bytes);
        body += *bytes;
    }
    co_return body;
}

// Streams of four events a second apart: each lasts about 5 s. Null when it cannot listen.
std::unique_ptr<testing::ReplayServer> slow_stream_server() {
    auto server = std::make_unique<testing::ReplayServer>(
        parse(R"([{"repeat":true,"sse":[{"data":"1"},{"data":"2"},{"data":"3"},{"data":"4"}]}])"));
    server->set_event_pause_ms(1000);
    return server->listen() ? std::move(server) : nullptr;
}

// Streams from `url`, counting the exchanges whose headers arrived.
Task<void> open_stream(HttpClient& http, QByteArray url, int& with_headers) {
    HttpRequest request;
    request.url = QUrl(QString::fromLatin1(url));
    request.body = R"({"stream":true})";
    std::unique_ptr<HttpResponse> response = co_await http.send(std::move(request));
    ++with_headers;
    while (co_await response->read_some()) {
    }
}

#if defined(Q_OS_UNIX)
// TCP_NODELAY of this process's sockets connected to `port` on loopback.
std::vector<bool> no_delay_of_sockets_connected_to(quint16 port) {
    std::vector<bool> found;
    for (int fd = 0; fd < 1024; ++fd) {
        sockaddr_in peer{};
        socklen_t length = sizeof peer;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0 ||
            peer.sin_family != AF_INET || ntohs(peer.sin_port) != port)
            continue;
        int no_delay = 0;
        length = sizeof no_delay;
        if (getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &no_delay, &length) == 0)
            found.push_back(no_delay != 0);
    }
    return found;
}
#endif

// A server of scripted HTTP/1.1 answers on 127.0.0.1: `answer(connection, request)` gets the
// connection's index (0 first) and the request's index on it, and writes or closes.
class ScriptedServer {
  public:
    using Answer = std::function<void(QTcpSocket& socket, int connection, int request)>;
    explicit ScriptedServer(Answer answer) : answer_(std::move(answer)) {
        QObject::connect(&listener_, &QTcpServer::newConnection, &listener_, [this] {
            while (QTcpSocket* socket = listener_.nextPendingConnection()) {
                const int connection = accepted_++;
                auto requests = std::make_shared<int>(0);
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket, connection, requests, buffer] {
                                     *buffer += socket->readAll();
                                     // Bodiless requests: each ends at its blank line.
                                     for (qsizetype end;
                                          (end = buffer->indexOf("\r\n\r\n")) >= 0;) {
                                         buffer->remove(0, end + 4);
                                         answer_(*socket, connection, (*requests)++);
                                     }
                                 });
            }
        });
    }
    bool listen() { return listener_.listen(QHostAddress::LocalHost, 0); }
    QByteArray url(const char* path) const {
        return "http://127.0.0.1:" + QByteArray::number(listener_.serverPort()) + path;
    }
    int accepted() const { return accepted_; }

  private:
    Answer answer_;
    QTcpServer listener_;
    int accepted_ = 0;
};

constexpr const char* kOk = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

// A replay server speaking HTTPS with the test certificate.
std::unique_ptr<testing::ReplayServer> tls_server(std::string_view responders) {
    QFile key_file(testing::tls_test_data("loopback-key.pem"));
    if (!key_file.open(QIODevice::ReadOnly)) qFatal("no test key");
    auto listener = std::make_unique<QSslServer>();
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(testing::loopback_certificate());
    tls.setPrivateKey(QSslKey(key_file.readAll(), QSsl::Ec));
    listener->setSslConfiguration(tls);
    auto server = std::make_unique<testing::ReplayServer>(parse(responders), std::move(listener));
    return server->listen() ? std::move(server) : nullptr;
}

TransportError::Kind transport_kind(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const TransportError& failure) {
        return failure.kind();
    }
}

}  // namespace

class TestHttpClient : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void a_streamed_body_arrives_in_pieces_and_whole() {
        testing::ReplayServer server(
            parse(R"([{"sse":[{"data":{"a":1}},{"data":{"b":2}},{"data":"[DONE]"}]}])"));
        QVERIFY(server.listen());
        HttpClient http;
        std::vector<QByteArray> pieces;
        Task<QByteArray> task = fetch(http, server.base_url() + "/stream", &pieces);
        QVERIFY(!run(task));
        QCOMPARE(task.result(),
                 QByteArray("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n"));
        QVERIFY2(pieces.size() >= 2, "events paused apart arrive in separate reads");
    }

    void sequential_requests_reuse_one_connection() {
        testing::ReplayServer server(parse(R"([{"repeat":true,"json":{"ok":true}}])"));
        QVERIFY(server.listen());
        HttpClient http;
        for (int i = 0; i < 20; ++i) {
            Task<QByteArray> task = fetch(http, server.base_url() + "/models");
            QVERIFY(!run(task));
            QCOMPARE(task.result(), QByteArray("{\"ok\":true}"));
        }
        QCOMPARE(server.connections(), 1);
        const auto metrics = http.metrics();
        const HttpHostMetrics& host = metrics.at("127.0.0.1:" + std::to_string(server.port()));
        QCOMPARE(host.requests, 20u);
        QCOMPARE(host.new_connections, 1u);
        QCOMPARE(host.acquisition.count, 20u);
        QCOMPARE(host.active, 0u);
    }

    void a_finished_exchange_leaves_no_timer_behind() {
        // Ten minutes to the headers, the reference's default. QTimer::singleShot parks its
        // timers on the thread's event dispatcher until they fire; one per request left there
        // grew the service's heap for ten minutes under load.
        testing::ReplayServer server(parse(R"([{"repeat":true,"json":{"ok":true}}])"));
        QVERIFY(server.listen());
        HttpClient http;
        const QObject* dispatcher = QAbstractEventDispatcher::instance();
        QVERIFY(dispatcher != nullptr);
        const qsizetype parked_before = dispatcher->children().size();
        for (int i = 0; i < 10; ++i) {
            Task<QByteArray> task =
                fetch(http, server.base_url() + "/models", nullptr, std::chrono::minutes(10));
            QVERIFY(!run(task));
            QCOMPARE(task.result(), QByteArray("{\"ok\":true}"));
        }
        QCOMPARE(dispatcher->children().size(), parked_before);
    }

    void a_reader_that_falls_behind_holds_a_bounded_part_of_the_body() {
        constexpr qint64 kBody = 16 * 1024 * 1024;
        QTcpServer server;  // sends the whole body at once, as fast as the socket takes it
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&server, &QTcpServer::newConnection, &server, [&server] {
            QTcpSocket* socket = server.nextPendingConnection();
            auto request = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, request] {
                *request += socket->readAll();
                if (!request->contains("\r\n\r\n")) return;
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(kBody) +
                              "\r\n\r\n");
                socket->write(QByteArray(kBody, 'x'));
            });
        });
        HttpClient http;
        std::unique_ptr<HttpResponse> response;
        auto headers = [&]() -> Task<void> {
            HttpRequest request;
            request.method = "GET";
            request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/big").arg(server.serverPort()));
            response = co_await http.send(std::move(request));
        };
        Task<void> started = headers();
        QVERIFY(!run(started));
        QTest::qWait(500);  // nobody reads
        QVERIFY2(response->unread_bytes() <= 1024 * 1024,
                 QByteArray::number(response->unread_bytes()).constData());
        // The bound held because the server had to wait, not because little was sent.
        const QList<QTcpSocket*> sockets = server.findChildren<QTcpSocket*>();
        QCOMPARE(sockets.size(), 1);
        QVERIFY(sockets.front()->bytesToWrite() > 0);
        auto rest = [&]() -> Task<qint64> {
            qint64 total = 0;
            while (std::optional<std::string_view> bytes = co_await response->read_some_view()) {
                total += std::ssize(*bytes);
            }
            co_return total;
        };
        Task<qint64> read = rest();
        QVERIFY(!run(read));
        QCOMPARE(read.result(), kBody);
    }

    void a_body_cut_short_is_a_mid_body_transport_error() {
        testing::ReplayServer server(
            parse(R"([{"cut_after":1,"sse":[{"data":"one"},{"data":"two"}]}])"));
        QVERIFY(server.listen());
        HttpClient http;
        Task<QByteArray> task = fetch(http, server.base_url() + "/stream");
        const std::exception_ptr error = run(task);
        QVERIFY(error);
        QCOMPARE(transport_kind(error), TransportError::Kind::ClosedMidBody);
    }

    void a_refused_connection_is_typed() {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        HttpClient http;
        Task<QByteArray> task = fetch(http, "http://127.0.0.1:" + QByteArray::number(port) + "/x");
        const std::exception_ptr error = run(task);
        QVERIFY(error);
        QCOMPARE(transport_kind(error), TransportError::Kind::ConnectionRefused);
    }

    void a_server_that_never_answers_times_out_and_counts_as_a_timeout() {
        QTcpServer silent;  // accepts, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        HttpClient http;
        auto slow = [&]() -> Task<void> {
            HttpRequest request;
            request.method = "GET";
            request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()));
            request.timeout = std::chrono::milliseconds(200);
            co_await http.send(std::move(request));
        };
        Task<void> task = slow();
        const std::exception_ptr error = run(task);
        QVERIFY(error);
        QCOMPARE(transport_kind(error), TransportError::Kind::Timeout);
        const HttpErrorCounts errors = http.metrics().begin()->second.errors;
        QCOMPARE(errors[static_cast<std::size_t>(HttpErrorKind::Timeout)], 1u);
        QCOMPARE(std::accumulate(errors.begin(), errors.end(), std::uint64_t{0}), 1u);
    }

    void destroying_a_running_exchange_aborts_it() {
        testing::ReplayServer server(
            parse(R"([{"sse":[{"data":"1"},{"data":"2"},{"data":"3"},{"data":"4"}]}])"));
        server.set_event_pause_ms(500);
        QVERIFY(server.listen());
        HttpClient http;
        bool finished = false;
        {
            Task<QByteArray> task = fetch(http, server.base_url() + "/slow");
            task.start([&](std::exception_ptr) { finished = true; });
            QTRY_COMPARE_WITH_TIMEOUT(http.metrics().begin()->second.acquisition.count, 1u, 5000);
        }  // destroyed while waiting for the body
        QTest::qWait(50);
        QVERIFY(!finished);
        QCOMPARE(http.metrics().begin()->second.active, 0u);
    }

    void a_seventh_stream_to_one_http1_host_does_not_wait_for_the_first_six_to_end() {
        // Qt opens six HTTP/1.1 connections per host and manager.
        const std::unique_ptr<testing::ReplayServer> slow = slow_stream_server();
        QVERIFY(slow);
        testing::ReplayServer& server = *slow;
        HttpClient http;
        int with_headers = 0;
        std::vector<std::unique_ptr<Task<void>>> streams;
        for (int i = 0; i < 8; ++i) {
            streams.push_back(std::make_unique<Task<void>>(
                open_stream(http, server.base_url() + "/v1/chat/completions", with_headers)));
            streams.back()->start([](std::exception_ptr) {});
        }
        QTRY_COMPARE_WITH_TIMEOUT(with_headers, 8, 2000);
        QCOMPARE(server.connections(), 8);
        QCOMPARE(http.lane_count(), std::size_t(0));  // the engine's own connections, not Qt's
        QCOMPARE(http.metrics().begin()->second.new_connections, 8u);
        streams.clear();  // cancels them
        QCOMPARE(http.metrics().begin()->second.active, 0u);
    }

    void a_host_noted_as_http2_keeps_every_request_on_the_first_lane() {
        const std::unique_ptr<testing::ReplayServer> slow = slow_stream_server();
        QVERIFY(slow);
        testing::ReplayServer& server = *slow;
        HttpLanes lanes({});
        HttpLanes fresh({});
        std::vector<std::unique_ptr<QNetworkReply>> replies;  // goes before the managers
        const std::string host = "127.0.0.1:" + std::to_string(server.port());
        const auto send = [&](HttpLanes& on, int count) {
            for (int i = 0; i < count; ++i) {
                replies.emplace_back(on.send(host, [&](QNetworkAccessManager& network) {
                    return network.get(
                        QNetworkRequest(QUrl(QString::fromLatin1(server.base_url()))));
                }));
            }
        };
        lanes.note_http2(host);
        send(lanes, 8);
        QCOMPARE(lanes.lane_count(), std::size_t(1));
        replies.clear();
        send(fresh, 8);  // six on the first lane, two on a second
        QCOMPARE(fresh.lane_count(), std::size_t(2));
        replies.clear();  // replies gone before they finished free their places
        send(fresh, 12);
        QCOMPARE(fresh.lane_count(), std::size_t(2));
        replies.clear();
    }

    void a_kept_alive_connection_the_server_closed_unanswered_is_replaced_once() {
        // The second request on the first connection finds it closed (the server's idle timeout
        // racing the request): it goes again on a new connection, as Qt and browsers do.
        ScriptedServer server([](QTcpSocket& socket, int connection, int request) {
            if (connection == 0 && request == 1) {
                socket.disconnectFromHost();
                return;
            }
            socket.write(kOk);
        });
        QVERIFY(server.listen());
        HttpClient http;
        for (int i = 0; i < 2; ++i) {
            Task<QByteArray> task = fetch(http, server.url("/models"));
            QVERIFY(!run(task));
            QCOMPARE(task.result(), QByteArray("ok"));
        }
        QCOMPARE(server.accepted(), 2);
        QCOMPARE(http.metrics().begin()->second.new_connections, 2u);
        QCOMPARE(http.metrics().begin()->second.transport_errors, 0u);
    }

    void a_reader_done_at_the_last_body_bytes_leaves_the_connection_for_the_next_request() {
        // A handler stops at its stream's final event without waiting for the end: the
        // response was complete all the same, and its connection is reused.
        ScriptedServer server([](QTcpSocket& socket, int, int) { socket.write(kOk); });
        QVERIFY(server.listen());
        HttpClient http;
        const auto first_piece_only = [&]() -> Task<QByteArray> {
            HttpRequest request;
            request.method = "GET";
            request.url = QUrl(QString::fromLatin1(server.url("/models")));
            std::unique_ptr<HttpResponse> response = co_await http.send(std::move(request));
            const std::optional<QByteArray> piece = co_await response->read_some();
            co_return piece.value_or(QByteArray());
        };
        for (int i = 0; i < 3; ++i) {
            Task<QByteArray> task = first_piece_only();
            QVERIFY(!run(task));
            QCOMPARE(task.result(), QByteArray("ok"));
        }
        QCOMPARE(server.accepted(), 1);
    }

    void a_new_connection_closed_unanswered_fails_without_a_second_try() {
        ScriptedServer server([](QTcpSocket& socket, int, int) { socket.disconnectFromHost(); });
        QVERIFY(server.listen());
        HttpClient http;
        Task<QByteArray> task = fetch(http, server.url("/models"));
        const std::exception_ptr error = run(task);
        QVERIFY(error);
        QCOMPARE(transport_kind(error), TransportError::Kind::ClosedBeforeResponse);
        QCOMPARE(server.accepted(), 1);
    }

    void a_malformed_response_is_a_typed_error_that_says_what_was_wrong() {
        ScriptedServer server([](QTcpSocket& socket, int, int) { socket.write("HELLO\r\n\r\n"); });
        QVERIFY(server.listen());
        HttpClient http;
        Task<QByteArray> task = fetch(http, server.url("/models"));
        const std::exception_ptr error = run(task);
        QCOMPARE(transport_kind(error), TransportError::Kind::ClosedBeforeResponse);
        try {
            std::rethrow_exception(error);
        } catch (const TransportError& failure) {
            QCOMPARE(failure.detail(), std::string("malformed HTTP status line"));
        }
        QCOMPARE(http.metrics()
                     .begin()
                     ->second.errors[static_cast<std::size_t>(HttpErrorKind::Protocol)],
                 1u);

        // A broken chunk after a good start: the body does not simply end there.
        ScriptedServer broken_chunk([](QTcpSocket& socket, int, int) {
            socket.write(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                "2\r\nok\r\nnot-hex\r\n");
        });
        QVERIFY(broken_chunk.listen());
        std::vector<QByteArray> pieces;
        Task<QByteArray> cut = fetch(http, broken_chunk.url("/stream"), &pieces);
        QCOMPARE(transport_kind(run(cut)), TransportError::Kind::ClosedMidBody);
        QCOMPARE(pieces, std::vector<QByteArray>{"ok"});
    }

    void a_body_that_runs_until_the_close_is_whole_and_its_connection_not_reused() {
        ScriptedServer server([](QTcpSocket& socket, int, int) {
            socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
            socket.disconnectFromHost();
        });
        QVERIFY(server.listen());
        HttpClient http;
        for (int i = 0; i < 2; ++i) {
            Task<QByteArray> task = fetch(http, server.url("/models"));
            QVERIFY(!run(task));
            QCOMPARE(task.result(), QByteArray("until the end"));
        }
        QCOMPARE(server.accepted(), 2);
    }

    void duplicate_response_headers_read_as_one_joined_value_as_qt_gives_them() {
        ScriptedServer server([](QTcpSocket& socket, int, int) {
            socket.write("HTTP/1.1 200 OK\r\nX-Seen: a\r\nx-seen: b\r\nContent-Length: 0\r\n\r\n");
        });
        QVERIFY(server.listen());
        HttpClient http;
        std::optional<QByteArray> seen;
        int status = 0;
        const auto exchange = [&]() -> Task<void> {
            HttpRequest request;
            request.method = "GET";
            request.url = QUrl(QString::fromLatin1(server.url("/h")));
            std::unique_ptr<HttpResponse> response = co_await http.send(std::move(request));
            status = response->status();
            seen = response->header("X-SEEN");
        };
        Task<void> task = exchange();
        QVERIFY(!run(task));
        QCOMPARE(status, 200);
        QCOMPARE(seen, std::optional<QByteArray>("a, b"));
    }

    void https_exchanges_reuse_one_tls_connection() {
        const std::unique_ptr<testing::ReplayServer> server =
            tls_server(R"([{"repeat":true,"sse":[{"data":"1"},{"data":"2"}]}])");
        QVERIFY(server);
        QVERIFY(server->base_url().startsWith("https://"));
        HttpClient http;
        http.set_tls_configuration(testing::trusting_the_test_certificate());
        for (int i = 0; i < 3; ++i) {
            Task<QByteArray> task = fetch(http, server->base_url() + "/v1/chat/completions");
            QVERIFY(!run(task));
            QCOMPARE(task.result(), QByteArray("data: 1\n\ndata: 2\n\n"));
        }
        QCOMPARE(server->connections(), 1);
        const HttpHostMetrics metrics = http.metrics().begin()->second;
        QCOMPARE(metrics.requests, 3u);
        QCOMPARE(metrics.new_connections, 1u);
        QCOMPARE(metrics.acquisition.count, 3u);
    }

    void a_host_offering_http2_is_served_over_one_shared_http2_connection() {
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
            QSKIP("needs node (bench/node-baseline/h2-stream-server.mjs)");
        testing::NodeTlsServer server(QStringLiteral("bench/node-baseline/h2-stream-server.mjs"));
        QVERIFY(server.port() != 0);
        HttpClient http;
        http.set_tls_configuration(testing::trusting_the_test_certificate());
        const QByteArray url = server.base_url() + "/v1/chat/completions";
        for (int i = 0; i < 3; ++i) {
            bool over_http2 = false;
            const auto exchange = [&]() -> Task<QByteArray> {
                HttpRequest request;
                request.url = QUrl(QString::fromLatin1(url));
                request.body = R"({"stream":true})";
                request.set_header("Content-Type", "application/json");
                std::unique_ptr<HttpResponse> response = co_await http.send(std::move(request));
                over_http2 = response->http2_used();
                co_return co_await response->read_all();
            };
            Task<QByteArray> task = exchange();
            QVERIFY(!run(task));
            QVERIFY(over_http2);
            QVERIFY(task.result().endsWith("data: [DONE]\n\n"));
        }
        QCOMPARE(http.metrics().begin()->second.new_connections, 1u);
        QCOMPARE(server.connections(), 1);
        QCOMPARE(http.lane_count(), std::size_t(0));  // Qt's managers were not needed
    }

    void an_untrusted_certificate_is_a_tls_error() {
        const std::unique_ptr<testing::ReplayServer> server =
            tls_server(R"([{"repeat":true,"json":{"ok":true}}])");
        QVERIFY(server);
        HttpClient http;  // the system's CAs only
        Task<QByteArray> task = fetch(http, server->base_url() + "/models");
        const std::exception_ptr error = run(task);
        QVERIFY(error);
        QCOMPARE(transport_kind(error), TransportError::Kind::Tls);
        QCOMPARE(
            http.metrics().begin()->second.errors[static_cast<std::size_t>(HttpErrorKind::Tls)],
            1u);
    }

    void connections_the_engine_opened_send_without_waiting_for_acknowledgements() {
#if defined(Q_OS_UNIX)
        testing::ReplayServer server(parse(R"([{"repeat":true,"json":{"ok":true}}])"));
        QVERIFY(server.listen());
        HttpClient http;
        Task<QByteArray> task = fetch(http, server.base_url() + "/models");
        QVERIFY(!run(task));
        const std::vector<bool> client_sockets = no_delay_of_sockets_connected_to(server.port());
        QCOMPARE(client_sockets.size(), std::size_t(1));
        QVERIFY2(client_sockets[0], "TCP_NODELAY is set on the engine's connection");
#else
        QSKIP("TCP_NODELAY is set on Linux and macOS only");
#endif
    }

    void nagle_is_turned_off_only_on_connected_tcp_sockets() {
#if defined(Q_OS_UNIX)
        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
        QVERIFY(client.waitForConnected(5000));
        QVERIFY(listener.waitForNewConnection(5000));
        std::unique_ptr<QTcpSocket> accepted(listener.nextPendingConnection());
        QCOMPARE(no_delay_of_sockets_connected_to(listener.serverPort()), std::vector<bool>{false});
        QVERIFY(disable_nagle_on_connected_tcp_sockets() >= 2);  // both ends
        QCOMPARE(no_delay_of_sockets_connected_to(listener.serverPort()), std::vector<bool>{true});
        QCOMPARE(disable_nagle_on_connected_tcp_sockets(), 0);  // nothing left to change
        int listening_no_delay = 0;
        socklen_t length = sizeof listening_no_delay;
        QCOMPARE(getsockopt(static_cast<int>(listener.socketDescriptor()), IPPROTO_TCP, TCP_NODELAY,
                            &listening_no_delay, &length),
                 0);
        QCOMPARE(listening_no_delay, 0);
#else
        QSKIP("TCP_NODELAY is set on Linux and macOS only");
#endif
    }

    void failed_exchanges_are_counted_by_kind_per_host() {
        testing::ReplayServer server(parse(R"([
            {"status":404,"json":{"error":"no such model"}},
            {"status":503,"json":{"error":"overloaded"}},
            {"status":500,"json":{"error":"boom"}},
            {"cut_after":1,"sse":[{"data":"one"},{"data":"two"}]},
            {"json":{"ok":true}}
        ])"));
        QVERIFY(server.listen());
        HttpClient http;
        for (int i = 0; i < 5; ++i) {
            Task<QByteArray> task = fetch(http, server.base_url() + "/x");
            run(task);
        }
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closed = probe.serverPort();
        probe.close();
        Task<QByteArray> refused =
            fetch(http, "http://127.0.0.1:" + QByteArray::number(closed) + "/x");
        QVERIFY(run(refused));

        // Copies: metrics() returns a snapshot by value.
        const HttpErrorCounts served =
            http.metrics().at("127.0.0.1:" + std::to_string(server.port())).errors;
        auto count = [](const HttpErrorCounts& counts, HttpErrorKind kind) {
            return counts[static_cast<std::size_t>(kind)];
        };
        QCOMPARE(count(served, HttpErrorKind::Http4xx), 1u);
        QCOMPARE(count(served, HttpErrorKind::Http5xx), 2u);
        QCOMPARE(count(served, HttpErrorKind::Connection), 1u);  // the body cut short
        QCOMPARE(count(served, HttpErrorKind::Timeout), 0u);
        QCOMPARE(count(served, HttpErrorKind::Cancelled), 0u);
        const HttpErrorCounts unreachable =
            http.metrics().at("127.0.0.1:" + std::to_string(closed)).errors;
        QCOMPARE(count(unreachable, HttpErrorKind::Connection), 1u);
    }

    void only_an_exchange_ended_by_cancellation_counts_as_cancelled() {
        testing::ReplayServer server(parse(
            R"([{"repeat":true,"sse":[{"data":"1"},{"data":"2"},{"data":"3"},{"data":"4"}]}])"));
        server.set_event_pause_ms(500);
        QVERIFY(server.listen());
        HttpClient http;
        auto cancelled = [&] {
            return http.metrics()
                .begin()
                ->second.errors[static_cast<std::size_t>(HttpErrorKind::Cancelled)];
        };
        {
            Task<QByteArray> task = fetch(http, server.base_url() + "/slow");
            task.start([](std::exception_ptr) {});
            QTRY_COMPARE_WITH_TIMEOUT(http.metrics().begin()->second.acquisition.count, 1u, 5000);
            http.cancel_with([&] { task = Task<QByteArray>(); });
        }
        QCOMPARE(cancelled(), 1u);
        {
            // A handler that stops reading on its own (it has what it needs) is no cancellation.
            Task<QByteArray> task = fetch(http, server.base_url() + "/slow");
            task.start([](std::exception_ptr) {});
            QTRY_COMPARE_WITH_TIMEOUT(http.metrics().begin()->second.acquisition.count, 2u, 5000);
        }
        QCOMPARE(cancelled(), 1u);
    }

    void reply_errors_map_to_kinds() {
        using E = QNetworkReply::NetworkError;
        QCOMPARE(classify_http_error(E::NoError, 200, false), std::nullopt);
        QCOMPARE(classify_http_error(E::OperationCanceledError, 0, true), HttpErrorKind::Timeout);
        QCOMPARE(classify_http_error(E::TimeoutError, 0, false), HttpErrorKind::Timeout);
        QCOMPARE(classify_http_error(E::ContentNotFoundError, 404, false), HttpErrorKind::Http4xx);
        QCOMPARE(classify_http_error(E::NoError, 429, false), HttpErrorKind::Http4xx);
        QCOMPARE(classify_http_error(E::ServiceUnavailableError, 503, false),
                 HttpErrorKind::Http5xx);
        QCOMPARE(classify_http_error(E::SslHandshakeFailedError, 0, false), HttpErrorKind::Tls);
        QCOMPARE(classify_http_error(E::ConnectionRefusedError, 0, false),
                 HttpErrorKind::Connection);
        QCOMPARE(classify_http_error(E::RemoteHostClosedError, 200, false),
                 HttpErrorKind::Connection);
        QCOMPARE(classify_http_error(E::ProxyConnectionRefusedError, 0, false),
                 HttpErrorKind::Connection);
        QCOMPARE(classify_http_error(E::OperationCanceledError, 0, false),
                 HttpErrorKind::Cancelled);
        QCOMPARE(classify_http_error(E::ProtocolFailure, 0, false), HttpErrorKind::Protocol);
        QCOMPARE(classify_http_error(E::TooManyRedirectsError, 0, false), HttpErrorKind::Protocol);
        for (const char* name :
             {"timeout", "connection", "tls", "http_4xx", "http_5xx", "cancelled", "protocol"}) {
            bool found = false;
            for (std::size_t kind = 0; kind < kHttpErrorKinds; ++kind)
                found = found || http_error_kind_name(static_cast<HttpErrorKind>(kind)) == name;
            QVERIFY2(found, name);
        }
    }

    void loopback_hosts_are_reached_directly_even_with_a_proxy_configured() {
        QTcpServer probe;  // the proxy: a port nothing listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closed = probe.serverPort();
        probe.close();
        testing::ReplayServer server(parse(R"([{"repeat":true,"json":{"ok":true}}])"));
        QVERIFY(server.listen());
        QNetworkProxy::setApplicationProxy(
            QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), closed));
        HttpClient http;
        Task<QByteArray> task = fetch(http, server.base_url() + "/models");
        const std::exception_ptr error = run(task);
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        QVERIFY(!error);
        QCOMPARE(task.result(), QByteArray(R"({"ok":true})"));
    }

    void other_hosts_go_through_the_configured_proxy() {
        testing::ReplayServer proxy(parse(R"([{"repeat":true,"json":{"ok":true}}])"));
        QVERIFY(proxy.listen());
        QNetworkProxy::setApplicationProxy(
            QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port()));
        HttpClient http;
        Task<QByteArray> task = fetch(http, "http://example.invalid/models");
        const std::exception_ptr error = run(task);
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        QVERIFY(!error);
        QCOMPARE(proxy.requests().size(), std::size_t(1));
        QCOMPARE(proxy.requests()[0].path, QByteArray("http://example.invalid/models"));
    }

    void loopback_hosts_are_recognised() {
        for (const char* host : {"127.0.0.1", "127.5.6.7", "::1", "::ffff:127.0.0.1", "localhost",
                                 "LOCALHOST", "localhost.", "api.localhost"}) {
            QVERIFY2(is_loopback_host(QString::fromLatin1(host)), host);
        }
        for (const char* host : {"10.0.0.1", "::2", "example.com", "localhost.example.com",
                                 "notlocalhost", "128.0.0.1"}) {
            QVERIFY2(!is_loopback_host(QString::fromLatin1(host)), host);
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "test_http_client.moc"
