#include "http_client.h"

#include <QNetworkRequest>

#include "http1_reply.h"
#include "loopback_direct_proxy_factory.h"
#include "tcp_no_delay.h"

#include <atomic>
#include <chrono>

namespace lapce_ai::providers {

struct HttpClient::HostCounters {
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> new_connections{0};
    std::atomic<std::uint64_t> transport_errors{0};
    std::atomic<std::uint64_t> active{0};
    LatencyHistogram acquisition;
    HttpErrorCounters errors;
};

HttpClient::HttpClient()
    : pool_(std::make_shared<Http1ConnectionPool>()), lanes_([](QNetworkAccessManager& network) {
          network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
          network.setProxyFactory(new LoopbackDirectProxyFactory);  // the manager owns it
      }) {}

HttpClient::~HttpClient() = default;

void HttpClient::set_tls_configuration(QSslConfiguration configuration) {
    pool_->set_tls_configuration(configuration);
    tls_ = std::move(configuration);
}

bool HttpClient::sends_itself(const QUrl& url, const std::string& host) const {
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) return false;
    if (lanes_.is_http2(host)) return false;
    const QList<QNetworkProxy> route =
        LoopbackDirectProxyFactory().queryProxy(QNetworkProxyQuery(url));
    return !route.isEmpty() && route.front().type() == QNetworkProxy::NoProxy;
}

void HttpRequest::set_header(const QByteArray& name, const QByteArray& value) {
    for (auto& [existing, existing_value] : headers) {
        if (existing.compare(name, Qt::CaseInsensitive) == 0) {
            existing_value = value;
            return;
        }
    }
    headers.emplace_back(name, value);
}

void HttpClient::add_host_rewrite(QString from, QString to) {
    rewrites_.emplace_back(std::move(from), std::move(to));
}

QUrl HttpClient::rewritten(const QUrl& url) const {
    const QString text = url.toString(QUrl::FullyEncoded);
    for (const auto& [from, to] : rewrites_) {
        if (text.startsWith(from)) return QUrl(to + text.mid(from.size()), QUrl::StrictMode);
    }
    return url;
}

HttpClient::HostCounters& HttpClient::counters_for(const std::string& host) {
    std::lock_guard lock(metrics_mutex_);
    std::unique_ptr<HostCounters>& counters = hosts_[host];
    if (!counters) counters = std::make_unique<HostCounters>();
    return *counters;
}

std::map<std::string, HttpHostMetrics> HttpClient::metrics() const {
    std::lock_guard lock(metrics_mutex_);
    std::map<std::string, HttpHostMetrics> snapshot;
    for (const auto& [host, counters] : hosts_) {
        HttpHostMetrics& metrics = snapshot[host];
        metrics.requests = counters->requests.load(std::memory_order_relaxed);
        metrics.new_connections = counters->new_connections.load(std::memory_order_relaxed);
        metrics.transport_errors = counters->transport_errors.load(std::memory_order_relaxed);
        metrics.active = counters->active.load(std::memory_order_relaxed);
        metrics.acquisition = counters->acquisition.percentiles();
        metrics.errors = counters->errors.snapshot();
    }
    return snapshot;
}

namespace {

constexpr qint64 kReplyReadBufferBytes = 256 * 1024;

std::string host_port_of(const QUrl& url) {
    const int default_port = url.scheme() == QLatin1String("https") ? 443 : 80;
    return url.host().toStdString() + ":" + std::to_string(url.port(default_port));
}

}  // namespace

Task<std::unique_ptr<HttpResponse>> HttpClient::send(HttpRequest request) {
    const QUrl url = rewritten(request.url);
    const std::string host = host_port_of(url);
    HostCounters& counters = counters_for(host);
    counters.requests.fetch_add(1, std::memory_order_relaxed);

    QNetworkRequest network_request(url);
    for (const auto& [name, value] : request.headers) network_request.setRawHeader(name, value);
    network_request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    if (tls_ && url.scheme() == QLatin1String("https")) network_request.setSslConfiguration(*tls_);
    // The handlers read bodies as they stream; nothing is cached. The manager has no cache, so
    // the default load control goes to the network; AlwaysNetwork would add "Cache-Control:
    // no-cache" and "Pragma: no-cache" to GET requests, which the reference's clients never send.
    network_request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    const auto send_over_qt = [this, host, network_request, method = request.method,
                               body = request.body] {
        return lanes_.send(host, [&](QNetworkAccessManager& network) {
            return body.isEmpty() && method == "GET"
                       ? network.get(network_request)
                       : network.sendCustomRequest(network_request, method, body);
        });
    };
    Http1Reply* own_reply = nullptr;
    QNetworkReply* reply = nullptr;
    if (sends_itself(url, host)) {
        const int default_port = url.scheme() == QLatin1String("https") ? 443 : 80;
        Http1Target target{url.scheme() == QLatin1String("https"), url.host(),
                           static_cast<quint16>(url.port(default_port))};
        // Called if TLS negotiates HTTP/2; the client may be gone by then.
        auto over_http2 = [this, alive = std::weak_ptr(pool_), host,
                           send_over_qt]() -> QNetworkReply* {
            if (alive.expired()) return nullptr;
            lanes_.note_http2(host);
            return send_over_qt();
        };
        own_reply =
            new Http1Reply(pool_, std::move(target), network_request, request.method,
                           http1_request_bytes(request.method, url, request.headers, request.body),
                           std::move(over_http2));
        reply = own_reply;
    } else {
        reply = send_over_qt();
    }
    // Bounds what an HTTP/1.1 stream holds when its reader is slower than the network: Qt's HTTP
    // thread stops reading from the socket while the reply holds this much unread, and TCP's flow
    // control makes the server wait. Unbounded, a fast server could fill memory with a whole body.
    // Over HTTP/2, Qt 6.4 returns flow-control credit as data arrives, not as it is read, so
    // this does not bound what the connection buffers there.
    reply->setReadBufferSize(kReplyReadBufferBytes);
    auto opened_connection = std::make_shared<bool>(false);
    QObject::connect(reply, &QNetworkReply::socketStartedConnecting, reply,
                     [&counters, opened_connection] {
                         *opened_connection = true;
                         counters.new_connections.fetch_add(1, std::memory_order_relaxed);
                     });
    auto response = std::make_unique<HttpResponse>(reply, host);
    const auto started = std::chrono::steady_clock::now();
    response->on_request_sent([&counters, started] {
        counters.acquisition.record(std::chrono::steady_clock::now() - started);
    });
    response->limit_time_to_headers(request.timeout);
    response->track_active(&counters.active);
    response->count_errors_in(&counters.errors, &cancelling_);
    if (own_reply != nullptr) own_reply->start();
    try {
        co_await response->wait_for_headers();
    } catch (const TransportError&) {
        counters.transport_errors.fetch_add(1, std::memory_order_relaxed);
        throw;
    }
    // Only Qt's connections need it (the engine's own set TCP_NODELAY when they connect); an
    // exchange relayed to Qt's HTTP/2 may have opened one of each.
    if (*opened_connection && (own_reply == nullptr || response->http2_used()))
        disable_nagle_on_connected_tcp_sockets();
    if (response->http2_used()) lanes_.note_http2(host);
    if (const int status = response->status(); status >= 400) {
        response->count_error(status >= 500 ? HttpErrorKind::Http5xx : HttpErrorKind::Http4xx);
    }
    co_return response;
}

}  // namespace lapce_ai::providers
