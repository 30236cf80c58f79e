#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace lapce_ai::monitor {

// Starts, stops and restarts lapce-ai-service. When the systemd user unit lapce-ai.service is
// installed (`systemctl --user cat lapce-ai.service` succeeds) it asks systemd; otherwise it
// starts the service binary detached on the monitor's socket directory and stops it by the pid
// the metrics reported (SIGTERM). An explicitly chosen binary (setServiceBinary, the monitor's
// --service-binary) always means the second way. Everything runs asynchronously.
class ServiceController : public QObject {
    Q_OBJECT
  public:
    enum class Action { Start, Stop, Restart };
    Q_ENUM(Action)

    // `socket_dir`: as given on the command line (empty: the default runtime directory).
    explicit ServiceController(QString socket_dir, QObject* parent = nullptr);

    // The binary to start; empty: lapce-ai-service next to the monitor, else from PATH.
    void setServiceBinary(QString path) { explicit_binary_ = std::move(path); }
    QString serviceBinary() const;
    // The running service's pid as the newest frame reported it (0: none running).
    void setServicePid(qint64 pid) { service_pid_ = pid; }
    qint64 servicePid() const { return service_pid_; }
    bool busy() const { return busy_; }

  public Q_SLOTS:
    void start() { run(Action::Start); }
    void stop() { run(Action::Stop); }
    void restart() { run(Action::Restart); }

  Q_SIGNALS:
    // One per request; `message` says what failed (or what was done).
    void finished(lapce_ai::monitor::ServiceController::Action action, bool ok,
                  const QString& message);

  private:
    void run(Action action);
    // Calls `then(true)` when the systemd user unit is installed, else `then(false)`.
    void detect_systemd_unit(std::function<void(bool)> then);
    void run_systemctl(Action action);
    void run_direct(Action action);
    bool start_process(QString& message) const;
    // SIGTERM to the service, then `then(ok, message)` once it has exited (bounded wait).
    void stop_process(std::function<void(bool, QString)> then);
    void finish(Action action, bool ok, const QString& message);

    QString socket_dir_;
    QString explicit_binary_;
    qint64 service_pid_ = 0;
    bool busy_ = false;
};

}  // namespace lapce_ai::monitor
