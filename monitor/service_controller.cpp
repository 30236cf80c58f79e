#include "service_controller.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#ifndef _WIN32
#include <signal.h>
#endif

#include <memory>

#include "monitor_logging.h"
#include "runtime_paths.h"

namespace lapce_ai::monitor {
namespace {

const QString kUnit = QStringLiteral("lapce-ai.service");
constexpr int kStopWaitMs = 5000;
constexpr int kStopPollMs = 25;

QString action_verb(ServiceController::Action action) {
    switch (action) {
        case ServiceController::Action::Start:
            return QStringLiteral("start");
        case ServiceController::Action::Stop:
            return QStringLiteral("stop");
        case ServiceController::Action::Restart:
            return QStringLiteral("restart");
    }
    return {};
}

bool process_alive(qint64 pid) {
#ifndef _WIN32
    if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) != 0) return false;
#ifdef __linux__
    // A service started detached is nobody's child here: once it exits it may stay a zombie
    // until whatever adopted it reaps it, and a zombie has stopped.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        const qsizetype name_end = line.lastIndexOf(')');
        if (name_end >= 0 && line.size() > name_end + 2 && line[name_end + 2] == 'Z') return false;
    }
#endif
    return true;
#else
    Q_UNUSED(pid);
    return false;
#endif
}

}  // namespace

ServiceController::ServiceController(QString socket_dir, QObject* parent)
    : QObject(parent), socket_dir_(std::move(socket_dir)) {
    qRegisterMetaType<Action>();
}

QString ServiceController::serviceBinary() const {
    if (!explicit_binary_.isEmpty()) return explicit_binary_;
    const QString beside =
        QCoreApplication::applicationDirPath() + QStringLiteral("/lapce-ai-service");
    if (QFileInfo(beside).isExecutable()) return beside;
    return QStandardPaths::findExecutable(QStringLiteral("lapce-ai-service"));
}

void ServiceController::run(Action action) {
    if (busy_) {
        Q_EMIT finished(action, false, tr("another service action is still running"));
        return;
    }
    busy_ = true;
    if (!explicit_binary_.isEmpty()) {
        run_direct(action);
        return;
    }
    detect_systemd_unit([this, action](bool systemd) {
        if (systemd) {
            run_systemctl(action);
        } else {
            run_direct(action);
        }
    });
}

void ServiceController::detect_systemd_unit(std::function<void(bool)> then) {
    const QString systemctl = QStandardPaths::findExecutable(QStringLiteral("systemctl"));
    if (systemctl.isEmpty()) {
        then(false);
        return;
    }
    auto* probe = new QProcess(this);  // deleted once it has finished
    probe->setProgram(systemctl);
    probe->setArguments({QStringLiteral("--user"), QStringLiteral("cat"), kUnit});
    probe->setStandardOutputFile(QProcess::nullDevice());
    probe->setStandardErrorFile(QProcess::nullDevice());
    connect(probe, &QProcess::finished, this, [probe, then](int code, QProcess::ExitStatus status) {
        probe->deleteLater();
        then(status == QProcess::NormalExit && code == 0);
    });
    connect(probe, &QProcess::errorOccurred, this, [probe, then](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart) return;
        probe->deleteLater();
        then(false);
    });
    probe->start();
}

void ServiceController::run_systemctl(Action action) {
    auto* process = new QProcess(this);
    process->setProgram(QStandardPaths::findExecutable(QStringLiteral("systemctl")));
    process->setArguments({QStringLiteral("--user"), action_verb(action), kUnit});
    process->setStandardOutputFile(QProcess::nullDevice());
    connect(process, &QProcess::finished, this,
            [this, process, action](int code, QProcess::ExitStatus status) {
                process->deleteLater();
                const bool ok = status == QProcess::NormalExit && code == 0;
                finish(action, ok,
                       ok ? tr("systemctl --user %1 %2").arg(action_verb(action), kUnit)
                          : QString::fromLocal8Bit(process->readAllStandardError()).trimmed());
            });
    connect(process, &QProcess::errorOccurred, this,
            [this, process, action](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart) return;
                process->deleteLater();
                finish(action, false, tr("systemctl could not be started"));
            });
    process->start();
}

void ServiceController::run_direct(Action action) {
    switch (action) {
        case Action::Start: {
            QString message;
            const bool ok = start_process(message);
            finish(action, ok, message);
            return;
        }
        case Action::Stop:
            stop_process(
                [this](bool ok, const QString& message) { finish(Action::Stop, ok, message); });
            return;
        case Action::Restart:
            stop_process([this](bool stopped, const QString& stop_message) {
                if (!stopped) {
                    finish(Action::Restart, false, stop_message);
                    return;
                }
                QString message;
                const bool ok = start_process(message);
                finish(Action::Restart, ok, message);
            });
            return;
    }
}

bool ServiceController::start_process(QString& message) const {
    const QString binary = serviceBinary();
    if (binary.isEmpty()) {
        message = tr("lapce-ai-service was found neither next to the monitor nor on PATH");
        return false;
    }
    QProcess service;
    service.setProgram(binary);
    service.setArguments({QStringLiteral("--foreground"), QStringLiteral("--socket-dir"),
                          ipc::runtime_paths(socket_dir_).dir});
    // The service outlives the monitor: it must not hold the monitor's standard streams.
    service.setStandardInputFile(QProcess::nullDevice());
    service.setStandardOutputFile(QProcess::nullDevice());
    service.setStandardErrorFile(QProcess::nullDevice());
    qint64 pid = 0;
    if (!service.startDetached(&pid)) {
        message = tr("cannot start %1: %2").arg(binary, service.errorString());
        return false;
    }
    message = tr("started %1 (pid %2)").arg(binary).arg(pid);
    return true;
}

void ServiceController::stop_process(std::function<void(bool, QString)> then) {
#ifdef _WIN32
    then(false, tr("stopping the service without a service manager is not supported here"));
#else
    const qint64 pid = service_pid_;
    if (!process_alive(pid)) {
        then(true, tr("the service was not running"));
        return;
    }
    if (::kill(static_cast<pid_t>(pid), SIGTERM) != 0) {
        then(false, tr("cannot signal pid %1").arg(pid));
        return;
    }
    // Poll for the exit on the event loop; the service's clean shutdown takes milliseconds.
    auto* poll = new QTimer(this);
    const auto deadline = std::make_shared<QDeadlineTimer>(kStopWaitMs);
    connect(poll, &QTimer::timeout, this, [poll, pid, deadline, then]() {
        if (process_alive(pid) && !deadline->hasExpired()) return;
        poll->deleteLater();
        poll->stop();
        if (process_alive(pid)) {
            then(false, tr("pid %1 did not exit within %2 ms").arg(pid).arg(kStopWaitMs));
        } else {
            then(true, tr("stopped pid %1").arg(pid));
        }
    });
    poll->start(kStopPollMs);
#endif
}

void ServiceController::finish(Action action, bool ok, const QString& message) {
    busy_ = false;
    if (ok) {
        qCInfo(lcMonitor, "service %s: %s", qUtf8Printable(action_verb(action)),
               qUtf8Printable(message));
    } else {
        qCWarning(lcMonitor, "service %s failed: %s", qUtf8Printable(action_verb(action)),
                  qUtf8Printable(message));
    }
    Q_EMIT finished(action, ok, message);
}

}  // namespace lapce_ai::monitor
