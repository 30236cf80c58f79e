#pragma once

// A private D-Bus session bus with a real Secret Service on it (gnome-keyring-daemon, its login
// keyring created and unlocked), in a temporary HOME, for tests of the system keychain. Child
// processes started with environment() use it. Both daemons are stopped on destruction.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

namespace lapce_ai::testing {

class KeyringSession {
  public:
    KeyringSession() = default;
    ~KeyringSession();
    KeyringSession(const KeyringSession&) = delete;
    KeyringSession& operator=(const KeyringSession&) = delete;

    // Whether dbus-daemon and gnome-keyring-daemon are installed.
    static bool installed();
    // Starts both daemons and waits until the Secret Service is on the bus (bounded). False with
    // the reason in `why` when a daemon is missing or did not come up.
    bool start(QString& why);

    // The system environment with HOME, XDG_DATA_HOME, XDG_RUNTIME_DIR and
    // DBUS_SESSION_BUS_ADDRESS pointing at this session.
    QProcessEnvironment environment() const;

  private:
    bool secret_service_registered() const;

    QTemporaryDir dir_;
    QProcess bus_;
    QProcess keyring_;
    QString address_;
};

}  // namespace lapce_ai::testing
