#pragma once

#include <QString>
#include <QStringList>

#include "expected.h"

namespace lapce_ai::monitor {

// "Start on login": the XDG autostart entry that runs the monitor in the tray
// (<config>/autostart/lapce-ai-monitor.desktop, <config> = QStandardPaths::ConfigLocation).
// The packages install a system entry of the same name (/etc/xdg/autostart); the user's entry
// overrides it, so switching off then writes a user entry with Hidden=true.
class AutostartEntry {
  public:
    // `monitor_program`: the absolute path the entry runs (with --tray).
    explicit AutostartEntry(QString monitor_program);

    static QString path();
    // Where a system-wide entry may stand (XDG_CONFIG_DIRS, default /etc/xdg).
    static QStringList system_paths();
    static bool has_system_entry();
    bool isEnabled() const;
    // Writes the entry (enabled) or removes it; an error says which file could not be changed.
    Expected<void, QString> setEnabled(bool enabled) const;
    // The entry's text.
    QByteArray contents() const;

  private:
    QString monitor_program_;
};

}  // namespace lapce_ai::monitor
