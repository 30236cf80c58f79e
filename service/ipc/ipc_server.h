#pragma once

#include <QLocalServer>
#include <QLockFile>
#include <QObject>
#include <QThreadPool>

#include <cstdint>
#include <map>
#include <memory>

#include "expected.h"
#include "runtime_paths.h"
#include "session.h"

namespace lapce_ai::ipc {

struct ServerConfig {
    QString socket_dir;  // empty: the default runtime directory
    SessionConfig session{};
    int pool_threads = 32;
};

// Listens on the per-user control socket, authenticates clients and owns their sessions.
class IpcServer : public QObject {
    Q_OBJECT

  public:
    IpcServer(ServerConfig config, const HandlerRegistry& registry, ServiceMetrics& metrics,
              QObject* parent = nullptr);
    ~IpcServer() override;

    // Takes the directory lock (one service per directory), writes a fresh token and listens.
    Expected<void, QString> listen();
    const RuntimePaths& paths() const { return paths_; }
    std::size_t session_count() const { return sessions_.size(); }

  private:
    void on_new_connection();
    void close_session(std::uint64_t id);
    void flush_session(std::uint64_t id);
    void forget_session(std::uint64_t id);
    Expected<void, QString> write_token();

    ServerConfig config_;
    const HandlerRegistry& registry_;
    ServiceMetrics& metrics_;
    RuntimePaths paths_;
    std::unique_ptr<QLockFile> lock_;
    QLocalServer server_;
    QThreadPool pool_;
    std::map<std::uint64_t, Session*> sessions_;  // owned as QObject children
    std::uint64_t next_session_id_ = 1;
};

}  // namespace lapce_ai::ipc
