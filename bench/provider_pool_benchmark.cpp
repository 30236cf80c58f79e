// Connection reuse of the provider HTTP engine over TLS: 1,000 sequential and 1,000 8-way
// concurrent streaming requests against an HTTPS server on 127.0.0.1 whose self-signed
// certificate the client trusts. Reports, per phase, the pool hit rate (1 - new connections /
// requests), the TLS connections the server accepted, and the acquisition time (request start to
// request written) p50 / p99.
//
//   bench_provider_pool [--server h2|h1] [--requests 1000] [--concurrency 8]
//                       [--event-pause-ms 0] [--json]
//
// --event-pause-ms: time between the stream's events (0: the whole body at once, which makes the
//   concurrent phase a CPU-bound run of tiny streams; real streams are paced by the model).
//
// --server h1 (default): an in-process HTTP/1.1 server (Qt's QSslServer) on its own thread; the
//   engine opens more than Qt's six connections per host when more requests are in flight.
// --server h2: bench/node-baseline/h2-stream-server.mjs (node:http2, HTTP/2 offered by ALPN as
//   real provider endpoints do): every request multiplexed on one TLS connection.
//   --node (default "node") and --node-script name the runtime and the script.
//
// Needs the openssl command to make the certificate.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QTemporaryDir>

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

#include "http_client.h"
#include "ordered_json.h"
#include "replay_server.h"
#include "task.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;

namespace {

struct Certificate {
    QString key_path;
    QString cert_path;
    QSslCertificate certificate;
    QSslKey key;
};

std::optional<Certificate> make_certificate(const QTemporaryDir& dir) {
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    QProcess openssl;
    openssl.start(
        QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
         QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
         QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
         QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert, QStringLiteral("-days"),
         QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
         QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!openssl.waitForFinished(30'000) || openssl.exitCode() != 0) return std::nullopt;
    QFile key_file(key);
    QFile cert_file(cert);
    if (!key_file.open(QIODevice::ReadOnly) || !cert_file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return Certificate{key, cert, QSslCertificate(cert_file.readAll()),
                       QSslKey(key_file.readAll(), QSsl::Ec)};
}

// The server under test: its URL and the TLS connections it accepted so far.
class BenchServer {
  public:
    virtual ~BenchServer() = default;
    virtual QUrl url() const = 0;
    virtual int connections() = 0;
};

// HTTP/1.1 over TLS, in this process on a thread of its own (on the benchmark's thread, its
// answers would delay the client's events and count in the acquisition times).
class QtServer final : public BenchServer {
  public:
    QtServer(const Certificate& tls, int event_pause_ms)
        : replay_(
              *json::parse_ordered_json(
                  R"([{"repeat":true,"sse":[{"data":{"choices":[{"delta":{"content":"a"}}]}},{"data":{"choices":[{"delta":{"content":"b"}}]}},{"data":"[DONE]"}]}])"),
              event_pause_ms, [&tls] {
                  auto server = std::make_unique<QSslServer>();
                  QSslConfiguration server_tls = QSslConfiguration::defaultConfiguration();
                  server_tls.setLocalCertificate(tls.certificate);
                  server_tls.setPrivateKey(tls.key);
                  server->setSslConfiguration(server_tls);
                  return server;
              }) {}
    bool listening() const { return replay_.listening(); }
    QUrl url() const override {
        return QUrl(QString::fromLatin1(replay_.base_url() + "/v1/chat/completions"));
    }
    int connections() override { return replay_.connections(); }

  private:
    testing::ReplayServerThread replay_;
};

// node:http2 over TLS (h2 by ALPN, HTTP/1.1 otherwise), a child process. It prints
// "READY <port>", then "CONNECTION" per accepted TLS connection; it exits when stdin closes.
class NodeServer final : public BenchServer {
  public:
    ~NodeServer() override {
        if (process_.state() == QProcess::NotRunning) return;
        process_.closeWriteChannel();
        if (!process_.waitForFinished(5000)) {
            process_.kill();
            process_.waitForFinished(5000);
        }
    }
    bool start(const QString& node, const QString& script, const Certificate& tls,
               int event_pause_ms) {
        QObject::connect(&process_, &QProcess::readyReadStandardOutput, [this] { read_lines(); });
        process_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process_.start(node, {script, QStringLiteral("--key"), tls.key_path,
                              QStringLiteral("--cert"), tls.cert_path,
                              QStringLiteral("--event-pause-ms"), QString::number(event_pause_ms)});
        const QDeadlineTimer deadline(10'000);
        while (port_ == 0 && !deadline.hasExpired() && process_.state() != QProcess::NotRunning)
            process_.waitForReadyRead(100);
        return port_ != 0;
    }
    QUrl url() const override {
        return QUrl(QStringLiteral("https://127.0.0.1:%1/v1/chat/completions").arg(port_));
    }
    int connections() override {
        // The announcement of a connection may still be in the pipe.
        process_.waitForReadyRead(50);
        read_lines();
        return connections_;
    }

  private:
    void read_lines() {
        while (process_.canReadLine()) {
            const QByteArray line = process_.readLine().trimmed();
            if (line.startsWith("READY ")) {
                port_ = line.mid(6).toUShort();
            } else if (line == "CONNECTION") {
                ++connections_;
            }
        }
    }

    QProcess process_;
    quint16 port_ = 0;
    int connections_ = 0;
};

// One streaming request read to its end; counts the exchanges that went over HTTP/2.
Task<void> stream_once(HttpClient& http, QUrl url, int& http2_exchanges) {
    HttpRequest request;
    request.url = std::move(url);
    request.body = R"({"model":"gpt-4o","stream":true})";
    request.set_header("Content-Type", "application/json");
    std::unique_ptr<HttpResponse> response = co_await http.send(std::move(request));
    if (response->http2_used()) ++http2_exchanges;
    while (co_await response->read_some()) {
    }
}

// `total` requests with `concurrency` in flight at any time; rethrows the first failure.
void run_phase(HttpClient& http, const QUrl& url, int total, int concurrency,
               int& http2_exchanges) {
    int started = 0;
    int finished = 0;
    std::exception_ptr failure;
    std::vector<std::unique_ptr<Task<void>>> slots(static_cast<std::size_t>(concurrency));
    QEventLoop loop;
    std::function<void(std::size_t)> launch = [&](std::size_t slot) {
        if (started == total) return;
        ++started;
        slots[slot] = std::make_unique<Task<void>>(stream_once(http, url, http2_exchanges));
        slots[slot]->start([&, slot](std::exception_ptr error) {
            if (error && !failure) failure = error;
            ++finished;
            // Start the next one from the event loop, not from inside the finishing task.
            QMetaObject::invokeMethod(
                &loop,
                [&, slot] {
                    if (finished == total) {
                        loop.quit();
                    } else {
                        launch(slot);
                    }
                },
                Qt::QueuedConnection);
        });
    };
    for (std::size_t slot = 0; slot < slots.size(); ++slot) launch(slot);
    loop.exec();
    if (failure) std::rethrow_exception(failure);
}

int option_int(const QCommandLineParser& parser, const QString& name, int fallback) {
    return parser.isSet(name) ? parser.value(name).toInt() : fallback;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{QStringLiteral("server"), QStringLiteral("h1 (Qt, HTTP/1.1) or h2 (node:http2)"),
          QStringLiteral("kind"), QStringLiteral("h1")},
         {QStringLiteral("requests"), QStringLiteral("requests per phase (1000)"),
          QStringLiteral("n")},
         {QStringLiteral("concurrency"), QStringLiteral("in flight in the second phase (8)"),
          QStringLiteral("n")},
         {QStringLiteral("node"), QStringLiteral("Node.js runtime for --server h2"),
          QStringLiteral("path"), QStringLiteral("node")},
         {QStringLiteral("node-script"), QStringLiteral("the h2 server script"),
          QStringLiteral("path"),
          QStringLiteral(LAPCE_AI_BENCH_DIR "/node-baseline/h2-stream-server.mjs")},
         {QStringLiteral("event-pause-ms"), QStringLiteral("time between stream events (0)"),
          QStringLiteral("ms")},
         {QStringLiteral("json"), QStringLiteral("print JSON")}});
    parser.process(app);
    const int requests = option_int(parser, QStringLiteral("requests"), 1000);
    const int concurrency = option_int(parser, QStringLiteral("concurrency"), 8);
    const int event_pause_ms = option_int(parser, QStringLiteral("event-pause-ms"), 0);
    if (requests < 1 || concurrency < 1 || event_pause_ms < 0) {
        std::fprintf(stderr,
                     "bench_provider_pool: --requests and --concurrency must be at least 1, "
                     "--event-pause-ms at least 0\n");
        return 2;
    }
    const QString kind = parser.value(QStringLiteral("server"));
    if (kind != QLatin1String("h1") && kind != QLatin1String("h2")) {
        std::fprintf(stderr, "bench_provider_pool: --server is h1 or h2\n");
        return 2;
    }

    QTemporaryDir dir;
    const std::optional<Certificate> tls = make_certificate(dir);
    if (!tls) {
        std::fprintf(stderr, "bench_provider_pool: could not make a certificate with openssl\n");
        return 1;
    }
    std::unique_ptr<BenchServer> server;
    if (kind == QLatin1String("h1")) {
        auto qt_server = std::make_unique<QtServer>(*tls, event_pause_ms);
        if (!qt_server->listening()) {
            std::fprintf(stderr, "bench_provider_pool: cannot listen\n");
            return 1;
        }
        server = std::move(qt_server);
    } else {
        auto node_server = std::make_unique<NodeServer>();
        if (!node_server->start(parser.value(QStringLiteral("node")),
                                parser.value(QStringLiteral("node-script")), *tls,
                                event_pause_ms)) {
            std::fprintf(stderr, "bench_provider_pool: the node h2 server did not start\n");
            return 1;
        }
        server = std::move(node_server);
    }
    const QUrl url = server->url();

    QSslConfiguration client_tls = QSslConfiguration::defaultConfiguration();
    client_tls.addCaCertificate(tls->certificate);
    std::string json = "{\"server\":\"" + kind.toStdString() + "\"";
    for (const int phase_concurrency : {1, concurrency}) {
        const int connections_before = server->connections();
        int http2_exchanges = 0;
        HttpHostMetrics metrics;
        {
            HttpClient http;
            http.set_tls_configuration(client_tls);
            try {
                run_phase(http, url, requests, phase_concurrency, http2_exchanges);
            } catch (const std::exception& error) {
                std::fprintf(stderr, "bench_provider_pool: %s\n", error.what());
                return 1;
            }
            metrics = http.metrics().begin()->second;
        }
        const int accepted = server->connections() - connections_before;
        const double hit_rate = 1.0 - static_cast<double>(metrics.new_connections) /
                                          static_cast<double>(metrics.requests);
        const char* name = phase_concurrency == 1 ? "sequential" : "concurrent";
        if (parser.isSet(QStringLiteral("json"))) {
            char entry[320];
            std::snprintf(
                entry, sizeof entry,
                R"(,"%s":{"concurrency":%d,"requests":%llu,"new_connections":%llu,"server_connections":%d,"http2_exchanges":%d,"hit_rate":%.4f,"acquisition_p50_us":%.1f,"acquisition_p99_us":%.1f})",
                name, phase_concurrency, static_cast<unsigned long long>(metrics.requests),
                static_cast<unsigned long long>(metrics.new_connections), accepted, http2_exchanges,
                hit_rate, metrics.acquisition.p50_us, metrics.acquisition.p99_us);
            json += entry;
        } else {
            std::printf(
                "%s %s (%d in flight): %llu requests (%d over HTTP/2), %llu new TLS connections "
                "(server accepted %d), hit rate %.2f%%, acquisition p50 %.1f us, p99 %.1f us\n",
                qPrintable(kind), name, phase_concurrency,
                static_cast<unsigned long long>(metrics.requests), http2_exchanges,
                static_cast<unsigned long long>(metrics.new_connections), accepted, hit_rate * 100,
                metrics.acquisition.p50_us, metrics.acquisition.p99_us);
        }
    }
    if (parser.isSet(QStringLiteral("json"))) std::printf("%s}\n", json.c_str());
    return 0;
}
