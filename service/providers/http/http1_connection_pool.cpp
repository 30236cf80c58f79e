#include "http1_connection_pool.h"

#include <QSslSocket>

#include <algorithm>

namespace lapce_ai::providers {

std::string Http1Target::key() const {
    return (tls ? "https://" : "http://") + host.toStdString() + ":" + std::to_string(port);
}

Http1ConnectionPool::Http1ConnectionPool() {
    expiry_.setInterval(kIdleLimit);
    QObject::connect(&expiry_, &QTimer::timeout, &context_, [this] { drop_expired(); });
}

Http1ConnectionPool::~Http1ConnectionPool() {
    for (auto& [key, sockets] : idle_) {
        for (Idle& idle : sockets)
            QObject::disconnect(idle.socket.get(), nullptr, &context_, nullptr);
    }
}

std::unique_ptr<QTcpSocket> Http1ConnectionPool::take_idle(const Http1Target& target) {
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

std::unique_ptr<QTcpSocket> Http1ConnectionPool::make_socket(const Http1Target& target) const {
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

void Http1ConnectionPool::connect(QTcpSocket& socket, const Http1Target& target) {
    if (target.tls) {
        static_cast<QSslSocket&>(socket).connectToHostEncrypted(target.host, target.port);
    } else {
        socket.connectToHost(target.host, target.port);
    }
}

void Http1ConnectionPool::keep(const Http1Target& target, std::unique_ptr<QTcpSocket> socket) {
    QTcpSocket* raw = socket.get();
    // Anything from an idle connection (data nobody asked for, the server's close) retires it.
    QObject::connect(raw, &QIODevice::readyRead, &context_, [this, raw] { drop(raw); });
    QObject::connect(raw, &QAbstractSocket::disconnected, &context_, [this, raw] { drop(raw); });
    QObject::connect(raw, &QAbstractSocket::errorOccurred, &context_, [this, raw] { drop(raw); });
    idle_[target.key()].push_back(Idle{std::move(socket), std::chrono::steady_clock::now()});
    if (!expiry_.isActive()) expiry_.start();
}

void Http1ConnectionPool::drop(QTcpSocket* socket) {
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

void Http1ConnectionPool::drop_expired() {
    const auto now = std::chrono::steady_clock::now();
    bool any_left = false;
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
