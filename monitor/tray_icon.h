#pragma once

#include <QObject>
#include <QSystemTrayIcon>

#include "autostart_entry.h"
#include "health.h"

class QAction;
class QMenu;

namespace lapce_ai::monitor {

class MonitorBackend;

// The tray icon: a dot in the health colour, a tooltip with memory, p99 and recoveries, and a
// menu (open monitor, start / stop / restart service, start on login, quit).
class TrayIcon : public QObject {
    Q_OBJECT
  public:
    // `monitor_program`: what the start-on-login entry runs.
    TrayIcon(MonitorBackend& backend, QString monitor_program, QObject* parent = nullptr);
    ~TrayIcon() override;

    void show() { icon_.show(); }
    Health shownHealth() const { return shown_health_; }
    QString toolTip() const { return icon_.toolTip(); }
    // The context menu (open, start / stop / restart, start on login, quit).
    QMenu& menu() const { return *menu_; }

  Q_SIGNALS:
    void openMonitorRequested();
    void quitRequested();

  private:
    void refresh();
    void set_start_on_login(bool enabled);

    MonitorBackend& backend_;
    AutostartEntry autostart_;
    QSystemTrayIcon icon_;
    std::unique_ptr<QMenu> menu_;  // QSystemTrayIcon does not own its menu
    QAction* start_on_login_ = nullptr;
    QAction* start_ = nullptr;
    QAction* stop_ = nullptr;
    QAction* restart_ = nullptr;
    Health shown_health_ = Health::Down;
};

}  // namespace lapce_ai::monitor
