#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

#include "ipc_client.h"

namespace lapce_ai::testing {

// A real lapce-ai-service process in its own private runtime directory, stopped (and reaped) on
// destruction.
class ServiceProcess {
  public:
    explicit ServiceProcess(QStringList extra_arguments = {});
    ~ServiceProcess();
    ServiceProcess(const ServiceProcess&) = delete;
    ServiceProcess& operator=(const ServiceProcess&) = delete;

    // The service's environment (default: this process's); before start().
    void set_environment(const QProcessEnvironment& environment) {
        process_.setProcessEnvironment(environment);
    }
    // Starts the service and waits until its socket answers a handshake (bounded).
    bool start();
    void kill();       // SIGKILL and reap
    bool terminate();  // SIGTERM (a clean shutdown) and reap; false if it did not end in time
    bool running() const { return process_.state() == QProcess::Running; }
    qint64 pid() const { return process_.processId(); }
    const QString& socket_dir() const { return socket_dir_; }
    QString socket_path() const { return socket_dir_ + QStringLiteral("/service.sock"); }
    QString token_path() const { return socket_dir_ + QStringLiteral("/token"); }
    QByteArray read_token() const;
    QByteArray standard_error();

    // Client options pointing at this service (reconnect off unless asked for).
    ipc::ClientOptions client_options(
        ipc::proto::Transport transport = ipc::proto::TRANSPORT_SHM) const;

    static QString service_binary();
    // The live process holding the lock of `socket_dir` (whoever started it), or 0.
    static qint64 serving_pid(const QString& socket_dir);
    // Stops (SIGTERM, then SIGKILL) whatever service holds the lock of `socket_dir`: services
    // that clients started detached are not our children, and a failing test must not leak them.
    static void stop_service_in(const QString& socket_dir);

  private:
    void report_unexpected_end();

    QTemporaryDir dir_;
    QString socket_dir_;
    QStringList extra_arguments_;
    QProcess process_;
    qint64 pid_ = 0;
    bool killed_ = false;  // by the test, on purpose
};

}  // namespace lapce_ai::testing
