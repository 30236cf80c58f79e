#include "main_window.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

#include "health.h"
#include "monitor_backend.h"
#include "time_series_chart.h"

namespace lapce_ai::monitor {
namespace {

const QString kWindowKey = QStringLiteral("window/minutes");
const QString kGeometryKey = QStringLiteral("window/geometry");

QString format_uptime(quint64 uptime_ms) {
    const quint64 seconds = uptime_ms / 1000;
    const quint64 hours = seconds / 3600;
    const quint64 minutes = seconds / 60 % 60;
    if (hours > 0)
        return QStringLiteral("%1 h %2 min").arg(hours).arg(minutes, 2, 10, QLatin1Char('0'));
    if (minutes > 0)
        return QStringLiteral("%1 min %2 s")
            .arg(minutes)
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 s").arg(seconds);
}

HistoryWindow window_from_minutes(int minutes) {
    switch (minutes) {
        case 1:
            return HistoryWindow::OneMinute;
        case 15:
            return HistoryWindow::FifteenMinutes;
        default:
            return HistoryWindow::FiveMinutes;
    }
}

}  // namespace

MainWindow::MainWindow(MonitorBackend& backend, QWidget* parent)
    : QMainWindow(parent), backend_(backend) {
    setWindowTitle(tr("lapce-ai monitor"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->addWidget(build_header());
    layout->addWidget(build_banner());

    memory_chart_ = make_time_series_chart(tr("Memory"), tr("MB"), central);
    memory_chart_->setSeries({tr("RSS"), tr("PSS"), tr("Heap")});
    latency_chart_ = make_time_series_chart(tr("IPC latency"), tr("µs"), central);
    latency_chart_->setSeries({tr("p50"), tr("p99")});
    messages_chart_ = make_time_series_chart(tr("Messages"), tr("messages/s"), central);
    messages_chart_->setSeries({tr("messages/s")});
    auto* charts = new QHBoxLayout();
    charts->addWidget(memory_chart_);
    charts->addWidget(latency_chart_);
    charts->addWidget(messages_chart_);
    layout->addLayout(charts, 3);

    auto* bottom = new QSplitter(Qt::Horizontal, central);
    auto* hosts_box = new QGroupBox(tr("Provider hosts"), bottom);
    auto* hosts_layout = new QVBoxLayout(hosts_box);
    hosts_view_ = new QTableView(hosts_box);
    hosts_view_->setModel(&backend_.hosts());
    hosts_view_->horizontalHeader()->setStretchLastSection(true);
    hosts_view_->verticalHeader()->hide();
    hosts_view_->setSelectionMode(QAbstractItemView::NoSelection);
    hosts_layout->addWidget(hosts_view_);
    bottom->addWidget(hosts_box);
    bottom->addWidget(build_recovery_panel());
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    layout->addWidget(bottom, 2);
    setCentralWidget(central);

    QSettings settings;
    const HistoryWindow window = window_from_minutes(settings.value(kWindowKey, 5).toInt());
    backend_.history().setWindow(window);
    window_box_->setCurrentIndex(window_box_->findData(static_cast<int>(window)));
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1200, 760);

    connect(&backend_, &MonitorBackend::stateChanged, this, &MainWindow::show_state);
    connect(&backend_, &MonitorBackend::snapshotApplied, this, &MainWindow::show_snapshot);
    connect(&backend_.history(), &MetricsHistory::windowChanged, this, &MainWindow::redraw_charts);
    connect(&backend_.recoveries(), &RecoveryModel::changed, this, &MainWindow::show_recoveries);
    connect(&backend_.service(), &ServiceController::finished, this,
            [this](ServiceController::Action, bool ok, const QString& message) {
                report_service_action(ok, message);
            });
    show_state(backend_.state());
    show_recoveries();
    redraw_charts();
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::build_header() {
    auto* header = new QFrame(this);
    auto* layout = new QHBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    state_label_ = new QLabel(header);
    QFont bold = state_label_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    state_label_->setFont(bold);
    version_label_ = new QLabel(header);
    uptime_label_ = new QLabel(header);
    pid_label_ = new QLabel(header);
    layout->addWidget(state_label_);
    layout->addSpacing(16);
    layout->addWidget(version_label_);
    layout->addSpacing(16);
    layout->addWidget(uptime_label_);
    layout->addSpacing(16);
    layout->addWidget(pid_label_);
    layout->addStretch(1);

    layout->addWidget(new QLabel(tr("Window:"), header));
    window_box_ = new QComboBox(header);
    window_box_->addItem(tr("1 min"), static_cast<int>(HistoryWindow::OneMinute));
    window_box_->addItem(tr("5 min"), static_cast<int>(HistoryWindow::FiveMinutes));
    window_box_->addItem(tr("15 min"), static_cast<int>(HistoryWindow::FifteenMinutes));
    connect(window_box_, &QComboBox::activated, this, [this](int index) {
        selectWindow(window_from_minutes(window_box_->itemData(index).toInt()));
    });
    layout->addWidget(window_box_);
    layout->addSpacing(16);

    start_button_ = new QPushButton(tr("Start"), header);
    stop_button_ = new QPushButton(tr("Stop"), header);
    restart_button_ = new QPushButton(tr("Restart"), header);
    ServiceController* service = &backend_.service();
    connect(start_button_, &QPushButton::clicked, service, &ServiceController::start);
    connect(stop_button_, &QPushButton::clicked, service, &ServiceController::stop);
    connect(restart_button_, &QPushButton::clicked, service, &ServiceController::restart);
    layout->addWidget(start_button_);
    layout->addWidget(stop_button_);
    layout->addWidget(restart_button_);
    return header;
}

QWidget* MainWindow::build_banner() {
    auto* banner = new QFrame(this);
    banner->setObjectName(QStringLiteral("notRunningBanner"));
    banner->setFrameShape(QFrame::StyledPanel);
    banner->setStyleSheet(
        QStringLiteral("#notRunningBanner { background: #fdecea; border: 1px solid #c62828; "
                       "border-radius: 4px; }"));
    auto* layout = new QHBoxLayout(banner);
    auto* text = new QLabel(
        tr("<b>Service not running.</b> The monitor reconnects by itself when it comes back."),
        banner);
    banner_start_button_ = new QPushButton(tr("Start service"), banner);
    banner_start_button_->setObjectName(QStringLiteral("startServiceButton"));
    connect(banner_start_button_, &QPushButton::clicked, &backend_.service(),
            &ServiceController::start);
    layout->addWidget(text, 1);
    layout->addWidget(banner_start_button_);
    not_running_banner_ = banner;
    return banner;
}

QWidget* MainWindow::build_recovery_panel() {
    auto* box = new QGroupBox(tr("Crash recovery"), this);
    auto* layout = new QVBoxLayout(box);
    recovery_count_label_ = new QLabel(box);
    last_reconnect_label_ = new QLabel(box);
    restarts_label_ = new QLabel(box);
    recovery_view_ = new QListView(box);
    recovery_view_->setModel(&backend_.recoveries());
    recovery_view_->setSelectionMode(QAbstractItemView::NoSelection);
    layout->addWidget(recovery_count_label_);
    layout->addWidget(last_reconnect_label_);
    layout->addWidget(restarts_label_);
    layout->addWidget(recovery_view_, 1);
    return box;
}

void MainWindow::selectWindow(HistoryWindow window) {
    backend_.history().setWindow(window);
    window_box_->setCurrentIndex(window_box_->findData(static_cast<int>(window)));
    QSettings().setValue(kWindowKey, static_cast<int>(window));
}

void MainWindow::show_state(ServiceState state) {
    const QColor colour = health_colour(backend_.health());
    state_label_->setText(QStringLiteral("<span style=\"color:%1\">●</span> %2")
                              .arg(colour.name(), state_name(state)));
    not_running_banner_->setVisible(state == ServiceState::Stopped);
    const bool running = state == ServiceState::Running;
    start_button_->setEnabled(state == ServiceState::Stopped);
    stop_button_->setEnabled(running);
    restart_button_->setEnabled(running);
    if (!running) {
        uptime_label_->setText(tr("uptime —"));
        pid_label_->setText(tr("pid —"));
    }
}

void MainWindow::show_snapshot() {
    const ipc::proto::MetricsSnapshot& metrics = backend_.latest().metrics;
    version_label_->setText(tr("version %1").arg(QString::fromStdString(metrics.version())));
    uptime_label_->setText(tr("uptime %1").arg(format_uptime(metrics.uptime_ms())));
    pid_label_->setText(tr("pid %1").arg(metrics.server_pid()));
    show_state(backend_.state());  // the health colour follows memory and latency
    append_sample(backend_.history().latest());
}

void MainWindow::show_recoveries() {
    const RecoveryModel& recoveries = backend_.recoveries();
    recovery_count_label_->setText(tr("Recoveries: %1 (monitor %2, service clients %3)")
                                       .arg(recoveries.count())
                                       .arg(recoveries.monitorRecoveries())
                                       .arg(recoveries.serviceRecoveries()));
    const qint64 last = recoveries.lastReconnectMs();
    last_reconnect_label_->setText(last < 0 ? tr("Last reconnect: none")
                                            : tr("Last reconnect: %1 ms").arg(last));
    restarts_label_->setText(tr("Service starts: %1, unclean restarts: %2")
                                 .arg(recoveries.serviceStarts())
                                 .arg(recoveries.uncleanRestarts()));
}

void MainWindow::append_sample(const MetricsSample& sample) {
    const double x = static_cast<double>(sample.at_ms);
    memory_chart_->append(0, QPointF(x, sample.rss_mb));
    memory_chart_->append(1, QPointF(x, sample.pss_mb));
    memory_chart_->append(2, QPointF(x, sample.heap_mb));
    latency_chart_->append(0, QPointF(x, sample.latency_p50_us));
    latency_chart_->append(1, QPointF(x, sample.latency_p99_us));
    messages_chart_->append(0, QPointF(x, sample.messages_per_s));
    const auto span = std::chrono::milliseconds(window_length(backend_.history().window()));
    for (TimeSeriesChart* chart : {memory_chart_, latency_chart_, messages_chart_}) {
        chart->setWindow(sample.at_ms, span);
    }
}

void MainWindow::redraw_charts() {
    const MetricsHistory& history = backend_.history();
    memory_chart_->setPoints(0, history.series(Metric::Rss));
    memory_chart_->setPoints(1, history.series(Metric::Pss));
    memory_chart_->setPoints(2, history.series(Metric::Heap));
    latency_chart_->setPoints(0, history.series(Metric::LatencyP50));
    latency_chart_->setPoints(1, history.series(Metric::LatencyP99));
    messages_chart_->setPoints(0, history.series(Metric::MessagesPerSecond));
    const qint64 end =
        history.storedSamples() > 0 ? history.latest().at_ms : QDateTime::currentMSecsSinceEpoch();
    const auto span = std::chrono::milliseconds(window_length(history.window()));
    for (TimeSeriesChart* chart : {memory_chart_, latency_chart_, messages_chart_}) {
        chart->setWindow(end, span);
    }
}

void MainWindow::report_service_action(bool ok, const QString& message) {
    statusBar()->showMessage(ok ? message : tr("Failed: %1").arg(message), 10000);
}

void MainWindow::save_settings() const {
    QSettings().setValue(kGeometryKey, saveGeometry());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    save_settings();
    QMainWindow::closeEvent(event);
}

}  // namespace lapce_ai::monitor
