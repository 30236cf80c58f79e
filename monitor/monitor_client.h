#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

#include "ipc_client.h"
#include "snapshot.h"

namespace lapce_ai::monitor {

struct MonitorClientSettings {
    QString socket_dir;                       // empty: the default runtime directory (as the CLI's)
    std::chrono::milliseconds interval{500};  // SubscribeMetrics interval
    // Attempts to reach a missing service: right away, then after first_retry, doubling up to
    // max_retry, for as long as the monitor runs.
    std::chrono::milliseconds first_retry{250};
    std::chrono::milliseconds max_retry{2000};
    // A lost service counts as "reconnecting" this long, then as "stopped".
    std::chrono::milliseconds stopped_after{3000};
};

// The monitor's connection to the service. Lives on a worker thread (moveToThread, then call
// start() there): it holds the feed open, hands every frame over as a Snapshot and, when the
// service goes away, keeps trying to get it back. All signals are meant for queued connections.
class MonitorClient : public QObject {
    Q_OBJECT
  public:
    explicit MonitorClient(MonitorClientSettings settings, QObject* parent = nullptr);
    ~MonitorClient() override;

    // Ends the feed; callable from any thread. The worker returns to its event loop within one
    // frame interval (or one connect timeout), and tries nothing more.
    void stop();

  public Q_SLOTS:
    void start();

  Q_SIGNALS:
    void snapshotReceived(const lapce_ai::monitor::Snapshot& snapshot);
    void stateChanged(lapce_ai::monitor::ServiceState state);
    void recovered(const lapce_ai::monitor::Recovery& recovery);

  private:
    using Clock = std::chrono::steady_clock;

    void attempt();
    // Runs the feed on a connected client until it ends; true if at least one frame arrived.
    bool run_feed();
    void on_first_frame();
    void schedule_retry();
    void set_state(ServiceState state);

    MonitorClientSettings settings_;
    ipc::IpcClient client_;
    std::atomic<bool> stopping_{false};
    std::optional<Clock::time_point> lost_at_;
    std::chrono::milliseconds next_retry_{0};
    std::optional<ServiceState> state_;
    std::string last_error_;
};

}  // namespace lapce_ai::monitor
