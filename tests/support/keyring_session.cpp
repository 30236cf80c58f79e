#include "keyring_session.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

#ifdef __linux__
#include <sys/prctl.h>

#include <csignal>
#endif

namespace lapce_ai::testing {
namespace {

// A test that dies (a crash, a sanitizer's abort) must not leave its daemons behind.
void end_with_this_process(QProcess& process) {
#ifdef __linux__
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#else
    Q_UNUSED(process);
#endif
}

void stop(QProcess& process) {
    if (process.state() == QProcess::NotRunning) return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

}  // namespace

KeyringSession::~KeyringSession() {
    stop(keyring_);
    stop(bus_);
}

QProcessEnvironment KeyringSession::environment() const {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), dir_.filePath(QStringLiteral("home")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dir_.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir_.filePath(QStringLiteral("run")));
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address_);
    return environment;
}

bool KeyringSession::secret_service_registered() const {
    const QString name = QStringLiteral("keyring-session-probe");
    bool registered = false;
    {
        QDBusConnection bus = QDBusConnection::connectToBus(address_, name);
        registered = bus.isConnected() && bus.interface()->isServiceRegistered(
                                              QStringLiteral("org.freedesktop.secrets"));
    }
    QDBusConnection::disconnectFromBus(name);
    return registered;
}

bool KeyringSession::installed() {
    return !QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")).isEmpty() &&
           !QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")).isEmpty();
}

bool KeyringSession::start(QString& why) {
    const QString dbus_daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    const QString keyring_daemon =
        QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
    if (dbus_daemon.isEmpty() || keyring_daemon.isEmpty()) {
        why = QStringLiteral("dbus-daemon or gnome-keyring-daemon is not installed");
        return false;
    }
    if (!dir_.isValid()) {
        why = QStringLiteral("no temporary directory");
        return false;
    }
    for (const char* sub : {"home", "data", "run"})
        QDir(dir_.path()).mkdir(QString::fromLatin1(sub));
    QFile::setPermissions(dir_.filePath(QStringLiteral("run")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    // The bus listens inside the temporary directory; --print-address tells when it is up.
    address_ = QStringLiteral("unix:path=") + dir_.filePath(QStringLiteral("bus"));
    bus_.setProcessEnvironment(environment());
    end_with_this_process(bus_);
    bus_.start(dbus_daemon,
               {QStringLiteral("--session"), QStringLiteral("--nofork"),
                QStringLiteral("--print-address"), QStringLiteral("--address"), address_});
    if (!bus_.waitForReadyRead(10000)) {
        why = QStringLiteral("dbus-daemon did not start: ") +
              QString::fromLocal8Bit(bus_.readAllStandardError());
        return false;
    }
    address_ = QString::fromLatin1(bus_.readLine().trimmed());

    // In the foreground it stays our child; --unlock reads the login keyring's password from
    // standard input (and creates that keyring, which becomes the default collection).
    keyring_.setProcessEnvironment(environment());
    end_with_this_process(keyring_);
    keyring_.start(keyring_daemon, {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                                    QStringLiteral("--components=secrets")});
    if (!keyring_.waitForStarted(10000)) {
        why = QStringLiteral("gnome-keyring-daemon did not start");
        return false;
    }
    keyring_.write("test-keyring-password");
    keyring_.waitForBytesWritten(5000);  // no event loop runs here to flush it
    keyring_.closeWriteChannel();
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && keyring_.state() == QProcess::Running) {
        if (secret_service_registered()) return true;
        QThread::msleep(20);
    }
    why = QStringLiteral("the Secret Service did not appear on the bus: ") +
          QString::fromLocal8Bit(keyring_.readAllStandardError());
    return false;
}

}  // namespace lapce_ai::testing
