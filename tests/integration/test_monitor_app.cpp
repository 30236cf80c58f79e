// The monitor against a real service process: the real MonitorBackend (feed client on its worker
// thread) and the real MainWindow, under Xvfb in CI. Assertions are on the models and widgets.
#include <QAction>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "cli_process.h"
#include "main_window.h"
#include "monitor_backend.h"
#include "service_process.h"
#include "time_series_chart.h"
#include "tray_icon.h"

using namespace lapce_ai::monitor;
using lapce_ai::testing::ServiceProcess;

namespace {

constexpr int kWaitMs = 20000;

MonitorSettings settings_for(const QString& socket_dir) {
    MonitorSettings settings;
    settings.socket_dir = socket_dir;
    settings.service_binary = ServiceProcess::service_binary();
    settings.interval = std::chrono::milliseconds(100);  // the feed's fastest rate
    return settings;
}

// A backend and its window on a service's socket directory, shown and started.
struct Monitor {
    explicit Monitor(const QString& socket_dir)
        : backend(settings_for(socket_dir)), window(backend) {
        window.show();
        backend.start();
    }
    MonitorBackend backend;
    MainWindow window;
};

}  // namespace

class TestMonitorApp : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("lapce-ai-test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_monitor_app"));
    }

    void the_monitor_shows_latency_and_messages_under_load_from_bench_ipc() {
        ServiceProcess service;
        QVERIFY(service.start());
        Monitor monitor(service.socket_dir());
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Running, kWaitMs);
        QVERIFY(monitor.window.notRunningBanner()->isHidden());
        QVERIFY(monitor.window.stateLabel()->text().contains(QStringLiteral("Running")));
        QCOMPARE(monitor.backend.latest().metrics.server_pid(), service.pid());

        const auto bench = lapce_ai::testing::run_cli(
            {QStringLiteral("bench"), QStringLiteral("ipc"), QStringLiteral("--socket-dir"),
             service.socket_dir(), QStringLiteral("--messages"), QStringLiteral("20000")});
        QCOMPARE(bench.exit_code, 0);
        const MetricsHistory& history = monitor.backend.history();
        QTRY_VERIFY_WITH_TIMEOUT(history.maximum(Metric::MessagesPerSecond) > 0, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(history.maximum(Metric::LatencyP99) > 0, kWaitMs);
        QVERIFY(history.maximum(Metric::LatencyP50) > 0);
        QVERIFY(history.latest().rss_mb > 0);
        QVERIFY(monitor.window.latencyChart()->pointCount(1) > 0);
    }

    void a_sigkilled_service_shows_one_more_recovery_with_its_duration_once_it_is_back() {
        ServiceProcess service;
        QVERIFY(service.start());
        Monitor monitor(service.socket_dir());
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Running, kWaitMs);
        const RecoveryModel& recoveries = monitor.backend.recoveries();
        const quint64 before = recoveries.monitorRecoveries();
        const int rows_before = monitor.window.recoveryView()->model()->rowCount();

        service.kill();  // SIGKILL
        QTRY_VERIFY_WITH_TIMEOUT(monitor.backend.state() != ServiceState::Running, kWaitMs);
        QCOMPARE(recoveries.monitorRecoveries(), before);
        QVERIFY(service.start());

        QTRY_COMPARE_WITH_TIMEOUT(recoveries.monitorRecoveries(), before + 1, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Running, kWaitMs);
        QVERIFY(recoveries.lastReconnectMs() > 0);
        QCOMPARE(monitor.window.recoveryView()->model()->rowCount(), rows_before + 1);
        const QModelIndex newest = monitor.window.recoveryView()->model()->index(0, 0);
        QCOMPARE(newest.data(RecoveryModel::SourceRole).toInt(),
                 static_cast<int>(RecoveryModel::Source::Monitor));
        QCOMPARE(newest.data(RecoveryModel::DurationRole).toLongLong(),
                 recoveries.lastReconnectMs());
        QVERIFY(monitor.window.recoveryCountLabel()->text().contains(QStringLiteral("monitor 1")));
        QCOMPARE(monitor.backend.latest().metrics.server_pid(), service.pid());
    }

    void the_start_button_brings_a_stopped_service_back() {
        ServiceProcess service;  // not started: it provides the socket directory (and cleanup)
        Monitor monitor(service.socket_dir());
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Stopped, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.window.notRunningBanner()->isVisible(), kWaitMs);
        QVERIFY(
            monitor.window.stateLabel()->text().contains(QStringLiteral("Service not running")));

        QTest::mouseClick(monitor.window.startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Running, kWaitMs);
        QVERIFY(monitor.window.notRunningBanner()->isHidden());
        QVERIFY(monitor.backend.latest().metrics.server_pid() > 0);
    }

    void the_stop_button_ends_the_service_and_the_window_says_so() {
        ServiceProcess service;  // the service the monitor starts is not our child
        Monitor monitor(service.socket_dir());
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Stopped, kWaitMs);
        QTest::mouseClick(monitor.window.startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Running, kWaitMs);

        QSignalSpy finished(&monitor.backend.service(), &ServiceController::finished);
        monitor.backend.service().stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWaitMs);
        QVERIFY2(finished.front().at(1).toBool(), qPrintable(finished.front().at(2).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Stopped, kWaitMs);
        QVERIFY(monitor.window.notRunningBanner()->isVisible());
    }

    void the_tray_follows_the_service_and_its_menu_starts_and_stops_it() {
        ServiceProcess service;  // not started: the tray's menu starts one
        Monitor monitor(service.socket_dir());
        TrayIcon tray(monitor.backend, QStringLiteral("/usr/bin/lapce-ai-monitor"));
        const auto action = [&](const QString& text) -> QAction* {
            for (QAction* candidate : tray.menu().actions()) {
                if (candidate->text() == text) return candidate;
            }
            return nullptr;
        };
        QAction* start = action(QStringLiteral("Start service"));
        QAction* stop = action(QStringLiteral("Stop service"));
        QVERIFY(start && stop && action(QStringLiteral("Restart service")) &&
                action(QStringLiteral("Open monitor")) &&
                action(QStringLiteral("Start on login")) && action(QStringLiteral("Quit")));

        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Stopped, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(tray.shownHealth(), Health::Down, kWaitMs);
        QVERIFY(start->isEnabled());
        QVERIFY(!stop->isEnabled());
        QVERIFY(tray.toolTip().contains(state_name(ServiceState::Stopped)));

        start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Running, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(tray.shownHealth() != Health::Down, kWaitMs);
        QVERIFY(tray.toolTip().contains(QStringLiteral(" MB, p99 ")));
        QVERIFY(stop->isEnabled());
        QVERIFY(!start->isEnabled());

        QSignalSpy open_requested(&tray, &TrayIcon::openMonitorRequested);
        action(QStringLiteral("Open monitor"))->trigger();
        QCOMPARE(open_requested.size(), 1);

        stop->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(monitor.backend.state(), ServiceState::Stopped, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(tray.shownHealth(), Health::Down, kWaitMs);
    }

    void the_binary_writes_a_png_screenshot_of_the_window() {
        ServiceProcess service;
        QVERIFY(service.start());
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("monitor.png"));
        QProcess monitor;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                           dir.filePath(QStringLiteral("config")));
        monitor.setProcessEnvironment(environment);
        monitor.start(
            qEnvironmentVariable("LAPCE_AI_MONITOR_BIN"),
            {QStringLiteral("--socket-dir"), service.socket_dir(), QStringLiteral("--screenshot"),
             png, QStringLiteral("--after"), QStringLiteral("1")});
        QVERIFY(monitor.waitForFinished(kWaitMs));
        QVERIFY2(monitor.exitCode() == 0, monitor.readAllStandardError().constData());
        QFile file(png);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\x89PNG\r\n\x1a\n"));
        QVERIFY(bytes.size() > 10 * 1024);
        const QImage image = QImage::fromData(bytes, "PNG");
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 400 && image.height() >= 300);
    }

    void a_screenshot_that_cannot_be_written_fails() {
        QTemporaryDir dir;
        QProcess monitor;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                           dir.filePath(QStringLiteral("config")));
        monitor.setProcessEnvironment(environment);
        monitor.start(qEnvironmentVariable("LAPCE_AI_MONITOR_BIN"),
                      {QStringLiteral("--socket-dir"), dir.filePath(QStringLiteral("rt")),
                       QStringLiteral("--screenshot"),
                       dir.filePath(QStringLiteral("missing/dir/monitor.png")),
                       QStringLiteral("--after"), QStringLiteral("0")});
        QVERIFY(monitor.waitForFinished(kWaitMs));
        QVERIFY(monitor.exitCode() != 0);
        QVERIFY(monitor.readAllStandardError().contains("cannot write"));
    }
};

QTEST_MAIN(TestMonitorApp)
#include "test_monitor_app.moc"
