#include "ipc_server.h"

#include <QFile>

#include "random_hex.h"

namespace lapce_ai::ipc {

IpcServer::IpcServer(ServerConfig config, const HandlerRegistry& registry, ServiceMetrics& metrics,
                     QObject* parent)
    : QObject(parent),
      config_(std::move(config)),
      registry_(registry),
      metrics_(metrics),
      paths_(runtime_paths(config_.socket_dir)) {
    pool_.setMaxThreadCount(config_.pool_threads);
    connect(&server_, &QLocalServer::newConnection, this, &IpcServer::on_new_connection);
}

IpcServer::~IpcServer() {
    server_.close();
    // Sessions first (their ring threads stop), then the tasks they started.
    for (auto& [id, session] : sessions_) delete session;
    sessions_.clear();
    pool_.waitForDone();
    if (lock_) {
        QFile::remove(paths_.socket_path);
        QFile::remove(paths_.token_path);
    }
}

Expected<void, QString> IpcServer::write_token() {
    config_.session.token = random_hex(32);
    return write_private_file(paths_.token_path, config_.session.token);
}

Expected<void, QString> IpcServer::listen() {
    if (auto dir = ensure_private_dir(paths_.dir); !dir) return dir;
    auto lock = std::make_unique<QLockFile>(paths_.lock_path);
    lock->setStaleLockTime(0);  // stale only when its owner process is gone
    if (!lock->tryLock(0)) {
        return unexpected(
            QStringLiteral("another lapce-ai-service already serves %1").arg(paths_.dir));
    }
    lock_ = std::move(lock);
    // The token must exist before the socket accepts: clients read it once connected.
    if (auto token = write_token(); !token) return token;
    QLocalServer::removeServer(paths_.socket_path);
    server_.setMaxPendingConnections(128);
    if (!server_.listen(paths_.socket_path)) {
        return unexpected(QStringLiteral("cannot listen on %1: %2")
                              .arg(paths_.socket_path, server_.errorString()));
    }
    // Inside a 0700 directory already; the socket itself is made 0600 as well.
    QFile::setPermissions(paths_.socket_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

void IpcServer::on_new_connection() {
    while (QLocalSocket* socket = server_.nextPendingConnection()) {
        const std::uint64_t id = next_session_id_++;
        SessionServices services{
            registry_, metrics_, pool_,
            [this](std::uint64_t target) {
                QMetaObject::invokeMethod(
                    this, [this, target] { close_session(target); }, Qt::QueuedConnection);
            },
            [this](std::uint64_t target) {
                QMetaObject::invokeMethod(
                    this, [this, target] { flush_session(target); }, Qt::QueuedConnection);
            }};
        auto* session = new Session(id, socket, config_.session, std::move(services), this);
        connect(session, &Session::finished, this, &IpcServer::forget_session);
        sessions_.emplace(id, session);
    }
}

void IpcServer::close_session(std::uint64_t id) {
    if (auto found = sessions_.find(id); found != sessions_.end()) found->second->close();
}

void IpcServer::flush_session(std::uint64_t id) {
    if (auto found = sessions_.find(id); found != sessions_.end()) found->second->flush_outbox();
}

void IpcServer::forget_session(std::uint64_t id) {
    if (auto found = sessions_.find(id); found != sessions_.end()) {
        found->second->deleteLater();
        sessions_.erase(found);
    }
}

}  // namespace lapce_ai::ipc
