#pragma once

#include <QMainWindow>

#include "metrics_history.h"
#include "snapshot.h"

class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QTableView;
class QWidget;

namespace lapce_ai::monitor {

class MonitorBackend;
class TimeSeriesChart;

// The monitor window: a header (state, version, uptime, pid, service buttons), the window
// selector, charts of memory, latency and messages/s, the provider-host table and the
// recovery panel; "Service not running" with a Start button while no service answers.
// Remembers its geometry and chosen window in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(MonitorBackend& backend, QWidget* parent = nullptr);
    ~MainWindow() override;

    // For tests and screenshots: the widgets whose state the window shows.
    QWidget* notRunningBanner() const { return not_running_banner_; }
    QPushButton* startButton() const { return banner_start_button_; }
    QLabel* stateLabel() const { return state_label_; }
    QLabel* recoveryCountLabel() const { return recovery_count_label_; }
    QTableView* hostsView() const { return hosts_view_; }
    QListView* recoveryView() const { return recovery_view_; }
    TimeSeriesChart* latencyChart() const { return latency_chart_; }
    void selectWindow(HistoryWindow window);

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    QWidget* build_header();
    QWidget* build_banner();
    QWidget* build_recovery_panel();
    void show_state(ServiceState state);
    void show_snapshot();
    void show_recoveries();
    void append_sample(const MetricsSample& sample);
    void redraw_charts();
    void report_service_action(bool ok, const QString& message);
    void save_settings() const;

    MonitorBackend& backend_;
    QLabel* state_label_ = nullptr;
    QLabel* version_label_ = nullptr;
    QLabel* uptime_label_ = nullptr;
    QLabel* pid_label_ = nullptr;
    QComboBox* window_box_ = nullptr;
    QPushButton* start_button_ = nullptr;
    QPushButton* stop_button_ = nullptr;
    QPushButton* restart_button_ = nullptr;
    QWidget* not_running_banner_ = nullptr;
    QPushButton* banner_start_button_ = nullptr;
    TimeSeriesChart* memory_chart_ = nullptr;
    TimeSeriesChart* latency_chart_ = nullptr;
    TimeSeriesChart* messages_chart_ = nullptr;
    QTableView* hosts_view_ = nullptr;
    QLabel* recovery_count_label_ = nullptr;
    QLabel* last_reconnect_label_ = nullptr;
    QLabel* restarts_label_ = nullptr;
    QListView* recovery_view_ = nullptr;
};

}  // namespace lapce_ai::monitor
