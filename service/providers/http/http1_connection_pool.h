#pragma once

// The engine's own HTTP/1.1 connections on the thread that uses them: sockets opened to a host
// (TLS for https, offering HTTP/2 and HTTP/1.1 by ALPN) and, between exchanges, kept idle for
// reuse. An idle connection goes when the server closes it, sends anything unasked, or after
// kIdleLimit unused (undici's keep-alive timeout, which the reference's clients run on).

#include <QNetworkProxy>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lapce_ai::providers {

struct Http1Target {
    bool tls = false;
    QString host;
    quint16 port = 0;

    std::string key() const;
};

class Http1ConnectionPool {
  public:
    static constexpr std::chrono::milliseconds kIdleLimit{4000};

    Http1ConnectionPool();
    ~Http1ConnectionPool();
    Http1ConnectionPool(const Http1ConnectionPool&) = delete;
    Http1ConnectionPool& operator=(const Http1ConnectionPool&) = delete;

    // TLS settings for new https connections; Qt's defaults otherwise.
    void set_tls_configuration(std::optional<QSslConfiguration> configuration) {
        tls_ = std::move(configuration);
    }

    // An idle connection to `target` that is still open, or null.
    std::unique_ptr<QTcpSocket> take_idle(const Http1Target& target);
    // A new socket for `target`, set up to connect directly (a QSslSocket offering HTTP/2 and
    // HTTP/1.1 for TLS); connect(), once its signals are wired, starts connecting.
    std::unique_ptr<QTcpSocket> make_socket(const Http1Target& target) const;
    static void connect(QTcpSocket& socket, const Http1Target& target);
    // Keeps a connection whose exchange ended cleanly, for the next request to `target`.
    void keep(const Http1Target& target, std::unique_ptr<QTcpSocket> socket);

  private:
    struct Idle {
        std::unique_ptr<QTcpSocket> socket;
        std::chrono::steady_clock::time_point since;
    };
    void drop(QTcpSocket* socket);
    void drop_expired();

    std::optional<QSslConfiguration> tls_;
    std::map<std::string, std::vector<Idle>> idle_;
    QObject context_;  // receives the idle sockets' signals
    QTimer expiry_;
};

}  // namespace lapce_ai::providers
