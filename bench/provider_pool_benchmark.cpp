// Connection reuse of the provider HTTP engine over TLS: 1,000 sequential and 1,000 8-way
// concurrent streaming requests against an HTTPS server on 127.0.0.1 whose self-signed
// certificate the client trusts. Reports, per phase, the pool hit rate (1 - new connections /
// requests) and the acquisition time (request start to request written) p50 / p99.
//
//   bench_provider_pool [--requests 1000] [--concurrency 8] [--json]
//
// Needs the openssl command to make the certificate.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

#include "http_client.h"
#include "ordered_json.h"
#include "replay_server.h"
#include "task.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;

namespace {

struct Certificate {
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
    return Certificate{QSslCertificate(cert_file.readAll()), QSslKey(key_file.readAll(), QSsl::Ec)};
}

// One streaming request read to its end.
Task<void> stream_once(HttpClient& http, QUrl url) {
    HttpRequest request;
    request.url = std::move(url);
    request.body = R"({"model":"gpt-4o","stream":true})";
    request.set_header("Content-Type", "application/json");
    std::unique_ptr<HttpResponse> response = co_await http.send(std::move(request));
    while (co_await response->read_some()) {
    }
}

// `total` requests with `concurrency` in flight at any time; rethrows the first failure.
void run_phase(HttpClient& http, const QUrl& url, int total, int concurrency) {
    int started = 0;
    int finished = 0;
    std::exception_ptr failure;
    std::vector<std::unique_ptr<Task<void>>> slots(static_cast<std::size_t>(concurrency));
    QEventLoop loop;
    std::function<void(std::size_t)> launch = [&](std::size_t slot) {
        if (started == total) return;
        ++started;
        slots[slot] = std::make_unique<Task<void>>(stream_once(http, url));
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

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("requests"), QStringLiteral("requests per phase (1000)"),
                        QStringLiteral("n")},
                       {QStringLiteral("concurrency"),
                        QStringLiteral("in flight in the second phase (8)"), QStringLiteral("n")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    parser.process(app);
    const int requests = parser.isSet(QStringLiteral("requests"))
                             ? parser.value(QStringLiteral("requests")).toInt()
                             : 1000;
    const int concurrency = parser.isSet(QStringLiteral("concurrency"))
                                ? parser.value(QStringLiteral("concurrency")).toInt()
                                : 8;

    QTemporaryDir dir;
    const std::optional<Certificate> tls = make_certificate(dir);
    if (!tls) {
        std::fprintf(stderr, "bench_provider_pool: could not make a certificate with openssl\n");
        return 1;
    }
    auto server = std::make_unique<QSslServer>();
    QSslConfiguration server_tls = QSslConfiguration::defaultConfiguration();
    server_tls.setLocalCertificate(tls->certificate);
    server_tls.setPrivateKey(tls->key);
    server->setSslConfiguration(server_tls);
    auto events = json::parse_ordered_json(
        R"([{"repeat":true,"sse":[{"data":{"choices":[{"delta":{"content":"a"}}]}},{"data":{"choices":[{"delta":{"content":"b"}}]}},{"data":"[DONE]"}]}])");
    testing::ReplayServer replay(std::move(*events), std::move(server));
    replay.set_event_pause_ms(0);
    if (!replay.listen()) {
        std::fprintf(stderr, "bench_provider_pool: cannot listen\n");
        return 1;
    }
    const QUrl url(QString::fromLatin1(replay.base_url() + "/v1/chat/completions"));

    QSslConfiguration client_tls = QSslConfiguration::defaultConfiguration();
    client_tls.addCaCertificate(tls->certificate);
    std::string json = "{";
    for (const int phase_concurrency : {1, concurrency}) {
        HttpClient http;
        http.set_tls_configuration(client_tls);
        try {
            run_phase(http, url, requests, phase_concurrency);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "bench_provider_pool: %s\n", error.what());
            return 1;
        }
        const HttpHostMetrics metrics = http.metrics().begin()->second;
        const double hit_rate = 1.0 - static_cast<double>(metrics.new_connections) /
                                          static_cast<double>(metrics.requests);
        const char* name = phase_concurrency == 1 ? "sequential" : "concurrent";
        if (parser.isSet(QStringLiteral("json"))) {
            char entry[256];
            std::snprintf(
                entry, sizeof entry,
                R"(%s"%s":{"requests":%llu,"new_connections":%llu,"hit_rate":%.4f,"acquisition_p50_us":%.1f,"acquisition_p99_us":%.1f})",
                phase_concurrency == 1 ? "" : ",", name,
                static_cast<unsigned long long>(metrics.requests),
                static_cast<unsigned long long>(metrics.new_connections), hit_rate,
                metrics.acquisition.p50_us, metrics.acquisition.p99_us);
            json += entry;
        } else {
            std::printf(
                "%s (%d in flight): %llu requests, %llu new TLS connections, hit rate %.2f%%, "
                "acquisition p50 %.1f us, p99 %.1f us\n",
                name, phase_concurrency, static_cast<unsigned long long>(metrics.requests),
                static_cast<unsigned long long>(metrics.new_connections), hit_rate * 100,
                metrics.acquisition.p50_us, metrics.acquisition.p99_us);
        }
    }
    if (parser.isSet(QStringLiteral("json"))) std::printf("%s}\n", json.c_str());
    return 0;
}
