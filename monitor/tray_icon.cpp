#include "tray_icon.h"

#include <QAction>
#include <QMenu>
#include <QPainter>
#include <QPixmap>

#include "monitor_backend.h"
#include "monitor_logging.h"

namespace lapce_ai::monitor {
namespace {

QIcon dot_icon(const QColor& colour) {
    QIcon icon;
    for (const int size : {16, 22, 32, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(colour.darker(140), std::max(1, size / 16)));
        painter.setBrush(colour);
        const int margin = size / 8;
        painter.drawEllipse(margin, margin, size - 2 * margin, size - 2 * margin);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

}  // namespace

TrayIcon::TrayIcon(MonitorBackend& backend, QString monitor_program, QObject* parent)
    : QObject(parent),
      backend_(backend),
      autostart_(std::move(monitor_program)),
      menu_(std::make_unique<QMenu>()) {
    QAction* open = menu_->addAction(tr("Open monitor"));
    connect(open, &QAction::triggered, this, &TrayIcon::openMonitorRequested);
    menu_->addSeparator();
    ServiceController* service = &backend_.service();
    start_ = menu_->addAction(tr("Start service"), service, &ServiceController::start);
    stop_ = menu_->addAction(tr("Stop service"), service, &ServiceController::stop);
    restart_ = menu_->addAction(tr("Restart service"), service, &ServiceController::restart);
    menu_->addSeparator();
    start_on_login_ = menu_->addAction(tr("Start on login"));
    start_on_login_->setCheckable(true);
    start_on_login_->setChecked(autostart_.isEnabled());
    connect(start_on_login_, &QAction::toggled, this, &TrayIcon::set_start_on_login);
    menu_->addSeparator();
    QAction* quit = menu_->addAction(tr("Quit"));
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    icon_.setContextMenu(menu_.get());
    connect(&icon_, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger) Q_EMIT openMonitorRequested();
            });
    connect(&backend_, &MonitorBackend::stateChanged, this, &TrayIcon::refresh);
    connect(&backend_, &MonitorBackend::snapshotApplied, this, &TrayIcon::refresh);
    connect(&backend_.recoveries(), &RecoveryModel::changed, this, &TrayIcon::refresh);
    refresh();
}

TrayIcon::~TrayIcon() = default;

void TrayIcon::refresh() {
    const ServiceState state = backend_.state();
    const Health health = backend_.health();
    if (health != shown_health_ || icon_.icon().isNull()) {
        shown_health_ = health;
        icon_.setIcon(dot_icon(health_colour(health)));
    }
    icon_.setToolTip(
        health_summary(state, backend_.history().latest(), backend_.recoveries().count()));
    start_->setEnabled(state == ServiceState::Stopped);
    stop_->setEnabled(state == ServiceState::Running);
    restart_->setEnabled(state == ServiceState::Running);
}

void TrayIcon::set_start_on_login(bool enabled) {
    if (auto changed = autostart_.setEnabled(enabled); !changed) {
        qCWarning(lcMonitor, "start on login: %s", qUtf8Printable(changed.error()));
        const QSignalBlocker block(start_on_login_);
        start_on_login_->setChecked(autostart_.isEnabled());
    }
}

}  // namespace lapce_ai::monitor
