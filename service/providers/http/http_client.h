#pragma once

// The HTTP engine of the provider layer: one per thread. A request on a direct route goes over
// the engine's own connections on this thread (direct_reply.h): HTTP/1.1 kept alive, as many per
// host as there are exchanges at once, or HTTP/2 shared by a host's requests when its TLS offers
// it. A route through a proxy goes through this thread's QNetworkAccessManagers (http_lanes.h),
// whose HTTP/2 the host may also offer. Counts, per host,
// requests, new connections and the time to get a request written. Requests use the application's
// proxy settings, never for loopback hosts (loopback_direct_proxy_factory.h).

#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QString>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connection_pool.h"
#include "http_error_kind.h"
#include "http_lanes.h"
#include "http_request.h"
#include "http_response.h"
#include "latency_histogram.h"
#include "task.h"

namespace lapce_ai::providers {

struct HttpHostMetrics {
    std::uint64_t requests = 0;
    std::uint64_t new_connections = 0;  // TCP (+ TLS) connections opened
    std::uint64_t transport_errors = 0;
    std::uint64_t active = 0;        // exchanges in progress (requests and streams)
    LatencyPercentiles acquisition;  // request start → request written
    HttpErrorCounts errors{};        // failed exchanges, indexed by HttpErrorKind
};

class HttpClient {
  public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends the request; resumes once the response headers arrived. Throws TransportError when
    // no response came (refused, closed, timed out).
    Task<std::unique_ptr<HttpResponse>> send(HttpRequest request);

    // URLs starting with `from` go to `to` + the rest instead: points a handler's fixed vendor
    // host at another server (a local gateway, the test replay server).
    void add_host_rewrite(QString from, QString to);
    QUrl rewritten(const QUrl& url) const;

    // TLS settings for https requests (e.g. an extra trusted certificate); Qt's defaults (the
    // system's CA store) otherwise.
    void set_tls_configuration(QSslConfiguration configuration);

    // Snapshot per host ("127.0.0.1:8080"), safe from any thread.
    std::map<std::string, HttpHostMetrics> metrics() const;

    // Managers in use: more than one once a host had over six HTTP/1.1 exchanges at once.
    std::size_t lane_count() const { return lanes_.lane_count(); }

    // Runs `destroy` (which destroys tasks to cancel them, on this client's thread): exchanges
    // it ends unfinished count as cancelled.
    template <typename Destroy>
    void cancel_with(Destroy&& destroy) {
        cancelling_ = true;
        std::forward<Destroy>(destroy)();
        cancelling_ = false;
    }

  private:
    struct HostCounters;
    HostCounters& counters_for(const std::string& host);

    // Whether `url` goes through the engine's own connections (a direct route) rather than Qt's
    // manager.
    bool sends_itself(const QUrl& url) const;

    std::shared_ptr<ConnectionPool> pool_;  // shared with its replies, which outlive it
    HttpLanes lanes_;
    std::vector<std::pair<QString, QString>> rewrites_;
    std::optional<QSslConfiguration> tls_;
    bool cancelling_ = false;
    mutable std::mutex metrics_mutex_;
    std::map<std::string, std::unique_ptr<HostCounters>> hosts_;
};

}  // namespace lapce_ai::providers
