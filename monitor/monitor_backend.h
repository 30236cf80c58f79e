#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <chrono>

#include "health.h"
#include "metrics_history.h"
#include "provider_hosts_model.h"
#include "recovery_model.h"
#include "service_controller.h"
#include "snapshot.h"

namespace lapce_ai::monitor {

class MonitorClient;

struct MonitorSettings {
    QString socket_dir;      // empty: the default runtime directory (as the CLI's)
    QString service_binary;  // empty: see ServiceController::serviceBinary()
    std::chrono::milliseconds interval{500};
};

// What the window and the tray icon show and control: the feed client on its worker thread,
// the models it feeds, and the service controller. No widgets.
class MonitorBackend : public QObject {
    Q_OBJECT
  public:
    explicit MonitorBackend(const MonitorSettings& settings, QObject* parent = nullptr);
    ~MonitorBackend() override;  // stops the feed and joins the worker thread

    // Starts the worker thread and, on it, the feed (once).
    void start();

    MetricsHistory& history() { return history_; }
    ProviderHostsModel& hosts() { return hosts_; }
    RecoveryModel& recoveries() { return recoveries_; }
    ServiceController& service() { return service_; }

    ServiceState state() const { return state_; }
    // The newest frame (default-constructed before the first).
    const Snapshot& latest() const { return latest_; }
    bool hasSnapshot() const { return latest_.received_at_ms != 0; }
    Health health() const { return evaluate_health(state_, history_.latest()); }
    // How many frames have arrived since start().
    quint64 framesReceived() const { return frames_; }

  Q_SIGNALS:
    void stateChanged(lapce_ai::monitor::ServiceState state);
    // After the models took in a new frame.
    void snapshotApplied();

  private:
    void apply_snapshot(const Snapshot& snapshot);
    void apply_state(ServiceState state);

    MetricsHistory history_;
    ProviderHostsModel hosts_;
    RecoveryModel recoveries_;
    ServiceController service_;
    QThread worker_;
    MonitorClient* client_;  // lives on worker_; deleted when it finishes
    ServiceState state_ = ServiceState::Connecting;
    Snapshot latest_;
    quint64 frames_ = 0;
    bool started_ = false;
};

}  // namespace lapce_ai::monitor
