#include "service_process.h"

#include <signal.h>

#include <QDeadlineTimer>
#include <QFile>
#include <QThread>

namespace lapce_ai::testing {

QString ServiceProcess::service_binary() {
    return qEnvironmentVariable("LAPCE_AI_SERVICE_BIN", QStringLiteral("lapce-ai-service"));
}

ServiceProcess::ServiceProcess(QStringList extra_arguments)
    : socket_dir_(dir_.path() + QStringLiteral("/rt")),
      extra_arguments_(std::move(extra_arguments)) {
    process_.setProcessChannelMode(QProcess::SeparateChannels);
}

ServiceProcess::~ServiceProcess() {
    if (process_.state() != QProcess::NotRunning) {
        process_.terminate();
        if (!process_.waitForFinished(5000)) kill();
    }
    report_unexpected_end();
    stop_service_in(socket_dir_);
}

void ServiceProcess::report_unexpected_end() {
    if (killed_ || process_.state() != QProcess::NotRunning) return;
    if (process_.exitStatus() == QProcess::NormalExit && process_.exitCode() == 0) return;
    // A crash, or a sanitizer's report at exit: the test that saw its clients fail says only
    // "no frame", so the service's own account goes into the test's output.
    qWarning("lapce-ai-service (pid %lld) %s %d; its stderr:\n%s", static_cast<long long>(pid_),
             process_.exitStatus() == QProcess::CrashExit ? "crashed with signal" : "exited with",
             process_.exitCode(), process_.readAllStandardError().constData());
}

qint64 ServiceProcess::serving_pid(const QString& socket_dir) {
    QFile lock(socket_dir + QStringLiteral("/service.lock"));
    if (!lock.open(QIODevice::ReadOnly)) return 0;
    const qint64 pid = lock.readLine().trimmed().toLongLong();
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0 ? pid : 0;
}

void ServiceProcess::stop_service_in(const QString& socket_dir) {
    const qint64 pid = serving_pid(socket_dir);
    if (pid == 0) return;
    ::kill(static_cast<pid_t>(pid), SIGTERM);
    const QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired() && ::kill(static_cast<pid_t>(pid), 0) == 0) QThread::msleep(10);
    if (::kill(static_cast<pid_t>(pid), 0) == 0) ::kill(static_cast<pid_t>(pid), SIGKILL);
}

bool ServiceProcess::start() {
    QStringList arguments{QStringLiteral("--foreground"), QStringLiteral("--socket-dir"),
                          socket_dir_};
    arguments += extra_arguments_;
    process_.start(service_binary(), arguments);
    if (!process_.waitForStarted(5000)) return false;
    pid_ = process_.processId();
    killed_ = false;
    ipc::ClientOptions options = client_options();
    options.connect_timeout = std::chrono::milliseconds(500);
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && process_.state() == QProcess::Running) {
        ipc::IpcClient probe(options);
        if (probe.connect()) return true;
        QThread::msleep(5);
    }
    return false;
}

void ServiceProcess::kill() {
    killed_ = true;
    process_.kill();
    process_.waitForFinished(5000);
}

bool ServiceProcess::terminate() {
    process_.terminate();
    return process_.waitForFinished(5000) && process_.exitStatus() == QProcess::NormalExit;
}

QByteArray ServiceProcess::read_token() const {
    QFile file(token_path());
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll().trimmed();
}

QByteArray ServiceProcess::standard_error() {
    return process_.readAllStandardError();
}

ipc::ClientOptions ServiceProcess::client_options(ipc::proto::Transport transport) const {
    ipc::ClientOptions options;
    options.socket_dir = socket_dir_;
    options.client_name = "lapce-ai-test";
    options.transport = transport;
    options.reconnect.enabled = false;
    options.request_timeout = std::chrono::milliseconds(10000);
    return options;
}

}  // namespace lapce_ai::testing
