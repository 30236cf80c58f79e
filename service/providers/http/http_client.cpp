#include "http_client.h"

#include <QNetworkRequest>

#include "direct_reply.h"
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
    : pool_(std::make_shared<ConnectionPool>()), lanes_([](QNetworkAccessManager& network) {
          network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
          network.setProxyFactory(new LoopbackDirectProxyFactory);  // the manager owns it
      }) {}

HttpClient::~HttpClient() = default;

void HttpClient::set_tls_configuration(QSslConfiguration configuration) {
    pool_->set_tls_configuration(configuration);
    tls_ = std::move(configuration);
}

bool HttpClient::sends_itself(const QUrl& url) const {
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) return false;
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
    const std::chrono::milliseconds time_to_headers = request.timeout;
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

    DirectReply* own_reply = nullptr;
    QNetworkReply* reply = nullptr;
    if (sends_itself(url)) {
        const int default_port = url.scheme() == QLatin1String("https") ? 443 : 80;
        HttpTarget target{url.scheme() == QLatin1String("https"), url.host(),
                          static_cast<quint16>(url.port(default_port))};
        request.url = url;
        own_reply = new DirectReply(pool_, std::move(target), network_request, std::move(request));
        reply = own_reply;
    } else {
        reply = lanes_.send(host, [&](QNetworkAccessManager& network) {
            return request.body.isEmpty() && request.method == "GET"
                       ? network.get(network_request)
                       : network.sendCustomRequest(network_request, request.method, request.body);
        });
    }
    // Bounds what an HTTP/1.1 stream holds when its reader is slower than the network: the
    // engine's reply, like Qt's HTTP thread, stops reading from the socket while it holds this
    // much unread, and TCP's flow control makes the server wait. Unbounded, a fast server could
    // fill memory with a whole body. (The engine's HTTP/2 bounds it with flow control instead;
    // over Qt's, on proxied routes, Qt 6.4 returns credit as data arrives, not as it is read.)
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
    response->limit_time_to_headers(time_to_headers);
    response->track_active(&counters.active);
    response->count_errors_in(&counters.errors, &cancelling_);
    if (own_reply != nullptr) own_reply->start();
    try {
        co_await response->wait_for_headers();
    } catch (const TransportError&) {
        counters.transport_errors.fetch_add(1, std::memory_order_relaxed);
        throw;
    }
    // Only Qt's connections need these (the engine's own set TCP_NODELAY when they connect).
    if (own_reply == nullptr) {
        if (*opened_connection) disable_nagle_on_connected_tcp_sockets();
        if (response->http2_used()) lanes_.note_http2(host);
    }
    if (const int status = response->status(); status >= 400) {
        response->count_error(status >= 500 ? HttpErrorKind::Http5xx : HttpErrorKind::Http4xx);
    }
    co_return response;
}

}  // namespace lapce_ai::providers
