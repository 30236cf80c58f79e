#include "autostart_entry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace lapce_ai::monitor {
namespace {

// Desktop Entry Specification: arguments with spaces or reserved characters are quoted, and
// inside quotes ", `, $ and \ are escaped with a backslash.
QString quoted_exec_argument(const QString& argument) {
    static const QString kReserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    const bool needs_quotes = std::any_of(argument.begin(), argument.end(),
                                          [](QChar c) { return kReserved.contains(c); });
    if (!needs_quotes) return argument;
    QString escaped;
    for (const QChar c : argument) {
        if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') ||
            c == QLatin1Char('\\')) {
            escaped += QLatin1Char('\\');
        }
        escaped += c;
    }
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

}  // namespace

AutostartEntry::AutostartEntry(QString monitor_program)
    : monitor_program_(std::move(monitor_program)) {}

QString AutostartEntry::path() {
    return QStandardPaths::writableLocation(QStandardPaths::ConfigLocation) +
           QStringLiteral("/autostart/lapce-ai-monitor.desktop");
}

QStringList AutostartEntry::system_paths() {
    // XDG Base Directory Specification: XDG_CONFIG_DIRS, /etc/xdg when unset or empty. The
    // packages install the tray's entry there.
    QString dirs = qEnvironmentVariable("XDG_CONFIG_DIRS");
    if (dirs.isEmpty()) dirs = QStringLiteral("/etc/xdg");
    QStringList paths;
    for (const QString& dir : dirs.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
        paths << dir + QStringLiteral("/autostart/lapce-ai-monitor.desktop");
    }
    return paths;
}

bool AutostartEntry::has_system_entry() {
    const QStringList paths = system_paths();
    return std::any_of(paths.begin(), paths.end(),
                       [](const QString& file) { return QFileInfo::exists(file); });
}

bool AutostartEntry::isEnabled() const {
    // The user's own entry overrides a system one of the same name (Desktop Application
    // Autostart Specification); Hidden=true in it switches the system one off.
    QFile user(path());
    if (user.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : user.readAll().split('\n')) {
            if (line.trimmed() == "Hidden=true") return false;
        }
        return true;
    }
    return has_system_entry();
}

QByteArray AutostartEntry::contents() const {
    // A backslash in an Exec value is itself escaped once more by the string-value rules.
    QString exec = quoted_exec_argument(monitor_program_) + QStringLiteral(" --tray");
    exec.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    const QString text = QStringLiteral(
                             "[Desktop Entry]\n"
                             "Type=Application\n"
                             "Name=lapce-ai monitor\n"
                             "Comment=Live metrics and control of the lapce-ai service\n"
                             "Exec=%1\n"
                             "Icon=lapce-ai\n"
                             "Terminal=false\n"
                             "X-GNOME-Autostart-enabled=true\n")
                             .arg(exec);
    return text.toUtf8();
}

Expected<void, QString> AutostartEntry::setEnabled(bool enabled) const {
    const QString file = path();
    if (!enabled && !has_system_entry()) {
        if (QFileInfo::exists(file) && !QFile::remove(file)) {
            return unexpected(QStringLiteral("cannot remove %1").arg(file));
        }
        return {};
    }
    if (!QDir().mkpath(QFileInfo(file).absolutePath())) {
        return unexpected(QStringLiteral("cannot create %1").arg(QFileInfo(file).absolutePath()));
    }
    QSaveFile out(file);
    // With a system entry installed, "off" is a user entry that hides it.
    const QByteArray text = enabled ? contents() : contents() + "Hidden=true\n";
    if (!out.open(QIODevice::WriteOnly) || out.write(text) < 0 || !out.commit()) {
        return unexpected(QStringLiteral("cannot write %1: %2").arg(file, out.errorString()));
    }
    return {};
}

}  // namespace lapce_ai::monitor
