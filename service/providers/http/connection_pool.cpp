#include "connection_pool.h"

#include <QSslSocket>

#include <algorithm>

#include "http2_connection.h"

namespace lapce_ai::providers {

std::string HttpTarget::key() const {
    return (tls ? "https://" : "http://") + host.toStdString() + ":" + std::to_string(port);
}

ConnectionPool::ConnectionPool() {
    expiry_.setInterval(kIdleLimit);
    QObject::connect(&expiry_, &QTimer::timeout, &context_, [this] { drop_expired(); });
}

ConnectionPool::~ConnectionPool() {
    // Requests waiting for a probe go on without the pool (they fail as cancelled).
    for (auto& [key, waiters] : std::exchange(probe_waiters_, {})) {
        for (ProbeWaiter& waiter : waiters) waiter(nullptr);
    }
    // The HTTP/2 connections stay with the replies that stream on them; idle ones close.
    for (auto& [key, connections] : http2_) {
        for (const std::shared_ptr<Http2Connection>& connection : connections) {
            if (connection->open_streams() == 0) connection->close();
        }
    }
    for (auto& [key, sockets] : idle_) {
        for (Idle& idle : sockets)
            QObject::disconnect(idle.socket.get(), nullptr, &context_, nullptr);
    }
}

std::unique_ptr<QTcpSocket> ConnectionPool::take_idle(const HttpTarget& target) {
    drop_expired();
    const auto found = idle_.find(target.key());
    if (found == idle_.end()) return nullptr;
    std::vector<Idle>& sockets = found->second;
    while (!sockets.empty()) {
        // The most recently used first: the least likely to have been closed by the server.
        std::unique_ptr<QTcpSocket> socket = std::move(sockets.back().socket);
        sockets.pop_back();
        QObject::disconnect(socket.get(), nullptr, &context_, nullptr);
        if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0)
            return socket;
    }
    return nullptr;
}

std::unique_ptr<QTcpSocket> ConnectionPool::make_socket(const HttpTarget& target) const {
    if (!target.tls) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->setProxy(QNetworkProxy::NoProxy);
        return socket;
    }
    auto socket = std::make_unique<QSslSocket>();
    socket->setProxy(QNetworkProxy::NoProxy);
    QSslConfiguration configuration = tls_.value_or(QSslConfiguration::defaultConfiguration());
    configuration.setAllowedNextProtocols(
        {QByteArray(QSslConfiguration::ALPNProtocolHTTP2), QByteArrayLiteral("http/1.1")});
    socket->setSslConfiguration(configuration);
    return socket;
}

void ConnectionPool::connect(QTcpSocket& socket, const HttpTarget& target) {
    if (target.tls) {
        static_cast<QSslSocket&>(socket).connectToHostEncrypted(target.host, target.port);
    } else {
        socket.connectToHost(target.host, target.port);
    }
}

void ConnectionPool::keep(const HttpTarget& target, std::unique_ptr<QTcpSocket> socket) {
    QTcpSocket* raw = socket.get();
    // Anything from an idle connection (data nobody asked for, the server's close) retires it.
    QObject::connect(raw, &QIODevice::readyRead, &context_, [this, raw] { drop(raw); });
    QObject::connect(raw, &QAbstractSocket::disconnected, &context_, [this, raw] { drop(raw); });
    QObject::connect(raw, &QAbstractSocket::errorOccurred, &context_, [this, raw] { drop(raw); });
    idle_[target.key()].push_back(Idle{std::move(socket), std::chrono::steady_clock::now()});
    if (!expiry_.isActive()) expiry_.start();
}

std::shared_ptr<Http2Connection> ConnectionPool::http2_for(const HttpTarget& target) {
    const auto found = http2_.find(target.key());
    if (found == http2_.end()) return nullptr;
    // The oldest first: streams gather on one connection and the others go idle.
    for (const std::shared_ptr<Http2Connection>& connection : found->second) {
        if (connection->can_open()) return connection;
    }
    return nullptr;
}

std::shared_ptr<Http2Connection> ConnectionPool::adopt_http2(const HttpTarget& target,
                                                             std::unique_ptr<QTcpSocket> socket) {
    auto connection = std::make_shared<Http2Connection>(std::move(socket));
    connection->start();
    http2_[target.key()].push_back(connection);
    if (!expiry_.isActive()) expiry_.start();
    return connection;
}

bool ConnectionPool::probes(const HttpTarget& target) const {
    return target.tls && http1_only_.count(target.key()) == 0;
}

void ConnectionPool::begin_probe(const HttpTarget& target) {
    ++probes_under_way_[target.key()];
}

void ConnectionPool::end_probe(const HttpTarget& target,
                               const std::shared_ptr<Http2Connection>& http2, bool http1_learned) {
    const std::string key = target.key();
    if (http1_learned) http1_only_.insert(key);
    if (http2) http1_only_.erase(key);
    const auto under_way = probes_under_way_.find(key);
    if (under_way != probes_under_way_.end() && --under_way->second <= 0)
        probes_under_way_.erase(under_way);
    const auto found = probe_waiters_.find(key);
    if (found == probe_waiters_.end()) return;
    // Taken out first: a waiter may queue again (it opens its own probe).
    std::vector<ProbeWaiter> waiters = std::move(found->second);
    probe_waiters_.erase(found);
    for (ProbeWaiter& waiter : waiters) waiter(http2 && http2->can_open() ? http2 : nullptr);
}

bool ConnectionPool::wait_for_probe(const HttpTarget& target, ProbeWaiter waiter) {
    if (!probes(target) || probes_under_way_.count(target.key()) == 0) return false;
    probe_waiters_[target.key()].push_back(std::move(waiter));
    return true;
}

void ConnectionPool::drop(QTcpSocket* socket) {
    for (auto& [key, sockets] : idle_) {
        const auto found = std::find_if(sockets.begin(), sockets.end(), [&](const Idle& idle) {
            return idle.socket.get() == socket;
        });
        if (found == sockets.end()) continue;
        QObject::disconnect(socket, nullptr, &context_, nullptr);
        // Called from the socket's own signal: it is deleted once that returns.
        found->socket.release()->deleteLater();
        sockets.erase(found);
        return;
    }
}

void ConnectionPool::drop_expired_http2(std::chrono::steady_clock::time_point now) {
    for (auto& [key, connections] : http2_) {
        std::erase_if(connections, [&](const std::shared_ptr<Http2Connection>& connection) {
            if (connection->open_streams() > 0) return false;
            if (connection->usable() && now - connection->idle_since() < kIdleLimit) return false;
            connection->close();
            return true;
        });
    }
    std::erase_if(http2_, [](const auto& entry) { return entry.second.empty(); });
}

void ConnectionPool::drop_expired() {
    const auto now = std::chrono::steady_clock::now();
    drop_expired_http2(now);
    bool any_left = !http2_.empty();
    for (auto& [key, sockets] : idle_) {
        std::erase_if(sockets, [&](Idle& idle) {
            if (now - idle.since < kIdleLimit) return false;
            QObject::disconnect(idle.socket.get(), nullptr, &context_, nullptr);
            idle.socket->abort();
            return true;
        });
        any_left = any_left || !sockets.empty();
    }
    if (!any_left) expiry_.stop();
}

}  // namespace lapce_ai::providers
