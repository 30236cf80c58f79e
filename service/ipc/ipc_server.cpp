#include "ipc_server.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QFile>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "unique_fd.h"

namespace lapce_ai::ipc {
namespace {

std::string random_token() {
    std::array<unsigned char, 32> random{};
    std::size_t filled = 0;
    while (filled < random.size()) {
        const ssize_t got = ::getrandom(random.data() + filled, random.size() - filled, 0);
        if (got > 0) filled += static_cast<std::size_t>(got);
    }
    std::string token;
    char hex[3];
    for (unsigned char byte : random) {
        std::snprintf(hex, sizeof hex, "%02x", byte);
        token += hex;
    }
    return token;
}

QString errno_text() {
    return QString::fromLocal8Bit(std::strerror(errno));
}

}  // namespace

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
    config_.session.token = random_token();
    const QByteArray final_path = QFile::encodeName(paths_.token_path);
    const QByteArray temporary = final_path + ".new";
    ::unlink(temporary.constData());
    UniqueFd fd(::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd.valid())
        return unexpected(QStringLiteral("cannot write the token file: ") + errno_text());
    const std::string& token = config_.session.token;
    if (::write(fd.get(), token.data(), token.size()) != static_cast<ssize_t>(token.size())) {
        return unexpected(QStringLiteral("cannot write the token file: ") + errno_text());
    }
    fd.reset();
    if (::rename(temporary.constData(), final_path.constData()) != 0) {
        return unexpected(QStringLiteral("cannot install the token file: ") + errno_text());
    }
    return {};
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
    ::chmod(QFile::encodeName(paths_.socket_path).constData(), 0600);
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
