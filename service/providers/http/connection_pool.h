#pragma once

// The engine's own connections on the thread that uses them: sockets opened to a host (TLS for
// https, offering HTTP/2 and HTTP/1.1 by ALPN).
// - HTTP/1.1: between exchanges a connection is kept idle for reuse. It goes when the server
//   closes it, sends anything unasked, or after kIdleLimit unused (undici's keep-alive timeout,
//   which the reference's clients run on).
// - HTTP/2: a connection is shared by the requests to its host, as many at once as the server
//   allows; it goes when it fails, the server sends GOAWAY and its streams are done, or after
//   kIdleLimit without a stream.
// - While a TLS connection is being opened to a host not known to speak only HTTP/1.1, the
//   requests that come meanwhile wait for it to learn the host's protocol (ALPN) instead of each
//   opening a connection of its own: over HTTP/2 they share it, over HTTP/1.1 they open theirs.

#include <QNetworkProxy>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lapce_ai::providers {

class Http2Connection;

struct HttpTarget {
    bool tls = false;
    QString host;
    quint16 port = 0;

    std::string key() const;
};

class ConnectionPool {
  public:
    static constexpr std::chrono::milliseconds kIdleLimit{4000};

    ConnectionPool();
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // TLS settings for new https connections; Qt's defaults otherwise.
    void set_tls_configuration(std::optional<QSslConfiguration> configuration) {
        tls_ = std::move(configuration);
    }

    // An idle connection to `target` that is still open, or null.
    std::unique_ptr<QTcpSocket> take_idle(const HttpTarget& target);
    // A new socket for `target`, set up to connect directly (a QSslSocket offering HTTP/2 and
    // HTTP/1.1 for TLS); connect(), once its signals are wired, starts connecting.
    std::unique_ptr<QTcpSocket> make_socket(const HttpTarget& target) const;
    static void connect(QTcpSocket& socket, const HttpTarget& target);
    // Keeps a connection whose exchange ended cleanly, for the next request to `target`.
    void keep(const HttpTarget& target, std::unique_ptr<QTcpSocket> socket);

    // An HTTP/2 connection to `target` that can take another stream now, or null.
    std::shared_ptr<Http2Connection> http2_for(const HttpTarget& target);
    // `socket` negotiated HTTP/2: it becomes a connection that later requests share.
    std::shared_ptr<Http2Connection> adopt_http2(const HttpTarget& target,
                                                 std::unique_ptr<QTcpSocket> socket);

    // Told the outcome of the connection being opened: an HTTP/2 connection that can take its
    // stream, or null (HTTP/1.1, a failure, a full connection): then it opens its own.
    using ProbeWaiter = std::function<void(std::shared_ptr<Http2Connection>)>;
    // Whether a request to `target` should open a connection that learns its protocol (a TLS
    // connection to a host not known to speak only HTTP/1.1); begin_probe() then end_probe().
    bool probes(const HttpTarget& target) const;
    void begin_probe(const HttpTarget& target);
    // `http2`: the connection if it negotiated HTTP/2, else null (HTTP/1.1 says so with
    // `http1_learned`; a failure teaches nothing).
    void end_probe(const HttpTarget& target, const std::shared_ptr<Http2Connection>& http2,
                   bool http1_learned);
    // Queues `waiter` behind a probe under way to `target`; false when there is none.
    bool wait_for_probe(const HttpTarget& target, ProbeWaiter waiter);

  private:
    struct Idle {
        std::unique_ptr<QTcpSocket> socket;
        std::chrono::steady_clock::time_point since;
    };
    void drop(QTcpSocket* socket);
    void drop_expired();
    void drop_expired_http2(std::chrono::steady_clock::time_point now);

    std::optional<QSslConfiguration> tls_;
    std::map<std::string, std::vector<Idle>> idle_;
    std::map<std::string, std::vector<std::shared_ptr<Http2Connection>>> http2_;
    std::map<std::string, int> probes_under_way_;
    std::map<std::string, std::vector<ProbeWaiter>> probe_waiters_;
    std::set<std::string> http1_only_;  // TLS targets that answered ALPN with HTTP/1.1
    QObject context_;                   // receives the idle sockets' signals
    QTimer expiry_;
};

}  // namespace lapce_ai::providers
