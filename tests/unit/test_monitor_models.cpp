// The monitor's models, fed with MetricsSnapshot values built here (no service, no window).
#include <QAbstractItemModelTester>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "autostart_entry.h"
#include "health.h"
#include "metrics_history.h"
#include "monitor_backend.h"
#include "monitor_options.h"
#include "provider_hosts_model.h"
#include "recovery_model.h"
#include "service_controller.h"

using namespace lapce_ai::monitor;
namespace proto = lapce_ai::ipc::proto;

namespace {

constexpr qint64 kStart = 1'700'000'000'000;  // an arbitrary wall-clock time, in ms
constexpr qint64 kMinute = 60'000;
constexpr std::uint64_t kMb = 1024 * 1024;

Snapshot snapshot_at(qint64 at_ms, double p99_us = 0, double messages_per_s = 0) {
    Snapshot snapshot;
    snapshot.received_at_ms = at_ms;
    snapshot.metrics.set_rss_bytes(20 * kMb);
    snapshot.metrics.set_pss_bytes(10 * kMb);
    snapshot.metrics.set_heap_in_use_bytes(5 * kMb);
    snapshot.metrics.mutable_handler_latency()->set_p50_us(p99_us / 2);
    snapshot.metrics.mutable_handler_latency()->set_p99_us(p99_us);
    snapshot.metrics.set_messages_per_s(messages_per_s);
    return snapshot;
}

proto::ProviderHostMetrics* add_host(Snapshot& snapshot, const char* name, std::uint64_t requests) {
    proto::ProviderHostMetrics* host = snapshot.metrics.add_provider_hosts();
    host->set_host(name);
    host->set_requests(requests);
    host->set_hit_rate(0.75);
    host->mutable_acquisition()->set_p99_us(1234.5);
    host->set_active_streams(2);
    return host;
}

void add_error(proto::ProviderHostMetrics* host, const char* kind, std::uint64_t count) {
    proto::ErrorCount* error = host->add_errors();
    error->set_kind(kind);
    error->set_count(count);
}

QVariant cell(const ProviderHostsModel& model, int row, int column, int role) {
    return model.data(model.index(row, column), role);
}

}  // namespace

class TestMonitorModels : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        // No system-wide autostart entry unless a test installs one.
        qputenv("XDG_CONFIG_DIRS", "/nonexistent");
    }

    // ---- MetricsHistory

    void a_sample_carries_memory_in_mb_latency_and_message_rate() {
        const MetricsSample sample = sample_of(snapshot_at(kStart, 800, 1500));
        QCOMPARE(sample.at_ms, kStart);
        QCOMPARE(sample.rss_mb, 20.0);
        QCOMPARE(sample.pss_mb, 10.0);
        QCOMPARE(sample.heap_mb, 5.0);
        QCOMPARE(sample.latency_p50_us, 400.0);
        QCOMPARE(sample.latency_p99_us, 800.0);
        QCOMPARE(sample.messages_per_s, 1500.0);
    }

    void once_clients_report_round_trips_the_latency_is_theirs() {
        Snapshot snapshot = snapshot_at(kStart, 800);
        snapshot.metrics.mutable_round_trip()->set_p50_us(12);
        snapshot.metrics.mutable_round_trip()->set_p99_us(30);
        // Percentiles of nothing: still the service's handling time.
        QCOMPARE(sample_of(snapshot).latency_p99_us, 800.0);
        snapshot.metrics.mutable_round_trip()->set_count(5);
        QCOMPARE(sample_of(snapshot).latency_p50_us, 12.0);
        QCOMPARE(sample_of(snapshot).latency_p99_us, 30.0);
    }

    void the_window_selects_the_minutes_before_the_newest_sample() {
        MetricsHistory history;
        for (qint64 t = 0; t <= 20 * kMinute; t += kMinute / 2)
            history.append(snapshot_at(kStart + t));
        history.setWindow(HistoryWindow::OneMinute);
        QCOMPARE(history.samples().size(), 3);  // newest, 30 s and 60 s before it
        QCOMPARE(history.samples().front().at_ms, kStart + 19 * kMinute);
        history.setWindow(HistoryWindow::FiveMinutes);
        QCOMPARE(history.samples().size(), 11);
        history.setWindow(HistoryWindow::FifteenMinutes);
        QCOMPARE(history.samples().size(), 31);
        // Nothing older than the longest window is kept.
        QCOMPARE(history.storedSamples(), std::size_t{31});
    }

    void a_longer_window_shows_what_arrived_while_a_shorter_one_was_selected() {
        MetricsHistory history;
        history.setWindow(HistoryWindow::OneMinute);
        for (qint64 t = 0; t <= 10 * kMinute; t += kMinute) history.append(snapshot_at(kStart + t));
        QCOMPARE(history.samples().size(), 2);
        history.setWindow(HistoryWindow::FifteenMinutes);
        QCOMPARE(history.samples().size(), 11);
    }

    void changing_the_window_is_announced_once() {
        MetricsHistory history;
        QSignalSpy changed(&history, &MetricsHistory::windowChanged);
        history.setWindow(HistoryWindow::FifteenMinutes);
        history.setWindow(HistoryWindow::FifteenMinutes);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.front().front().value<HistoryWindow>(), HistoryWindow::FifteenMinutes);
    }

    void a_series_is_one_metric_over_the_window() {
        MetricsHistory history;
        history.append(snapshot_at(kStart, 100, 10));
        history.append(snapshot_at(kStart + 500, 300, 30));
        const QList<QPointF> p99 = history.series(Metric::LatencyP99);
        QCOMPARE(p99.size(), 2);
        QCOMPARE(p99[1], QPointF(static_cast<double>(kStart + 500), 300.0));
        QCOMPARE(history.maximum(Metric::MessagesPerSecond), 30.0);
        QCOMPARE(history.latest().latency_p99_us, 300.0);
    }

    void the_history_is_bounded_in_count() {
        MetricsHistory history;
        const auto total = static_cast<qint64>(MetricsHistory::kMaxSamples) + 25;
        for (qint64 i = 0; i < total; ++i) history.append(snapshot_at(kStart + i));
        QCOMPARE(history.storedSamples(), MetricsHistory::kMaxSamples);
        QCOMPARE(history.samples().front().at_ms, kStart + 25);
    }

    void a_clock_stepped_back_starts_the_history_afresh() {
        MetricsHistory history;
        history.append(snapshot_at(kStart + kMinute));
        history.append(snapshot_at(kStart + 2 * kMinute));
        history.append(snapshot_at(kStart));
        QCOMPARE(history.storedSamples(), std::size_t{1});
        QCOMPARE(history.latest().at_ms, kStart);
    }

    // ---- ProviderHostsModel

    void each_provider_host_is_a_row_with_its_figures() {
        ProviderHostsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Snapshot snapshot = snapshot_at(kStart);
        proto::ProviderHostMetrics* openai = add_host(snapshot, "api.openai.com:443", 42);
        add_error(openai, "timeout", 2);
        add_error(openai, "http_5xx", 3);
        add_host(snapshot, "api.anthropic.com:443", 7);
        model.update(snapshot);

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int{ProviderHostsModel::ColumnCount});
        const int value = ProviderHostsModel::ValueRole;
        QCOMPARE(cell(model, 0, ProviderHostsModel::Host, value).toString(),
                 QStringLiteral("api.openai.com:443"));
        QCOMPARE(cell(model, 0, ProviderHostsModel::Requests, value).toULongLong(), 42ULL);
        QCOMPARE(cell(model, 0, ProviderHostsModel::HitRate, value).toDouble(), 0.75);
        QCOMPARE(cell(model, 0, ProviderHostsModel::AcquisitionP99, value).toDouble(), 1234.5);
        QCOMPARE(cell(model, 0, ProviderHostsModel::ActiveStreams, value).toULongLong(), 2ULL);
        QCOMPARE(cell(model, 0, ProviderHostsModel::Errors, value).toULongLong(), 5ULL);
        QCOMPARE(cell(model, 0, ProviderHostsModel::Errors, Qt::ToolTipRole).toString(),
                 QStringLiteral("timeout: 2, http_5xx: 3"));
        QCOMPARE(cell(model, 0, ProviderHostsModel::HitRate, Qt::DisplayRole).toString(),
                 QStringLiteral("75.0 %"));
        QCOMPARE(cell(model, 1, ProviderHostsModel::Errors, Qt::ToolTipRole).toString(),
                 QStringLiteral("no errors"));
    }

    void the_same_hosts_update_in_place_and_a_new_host_resets_the_table() {
        ProviderHostsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Snapshot first = snapshot_at(kStart);
        add_host(first, "a:443", 1);
        model.update(first);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

        Snapshot second = snapshot_at(kStart + 500);
        add_host(second, "a:443", 9);
        model.update(second);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(cell(model, 0, ProviderHostsModel::Requests, ProviderHostsModel::ValueRole)
                     .toULongLong(),
                 9ULL);

        Snapshot third = snapshot_at(kStart + 1000);
        add_host(third, "a:443", 9);
        add_host(third, "b:443", 1);
        model.update(third);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(), 2);
    }

    // ---- RecoveryModel

    void the_monitors_own_recovery_is_counted_with_its_duration() {
        RecoveryModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &RecoveryModel::changed);
        QCOMPARE(model.lastReconnectMs(), qint64{-1});
        model.addMonitorRecovery(Recovery{kStart, 830});
        QCOMPARE(model.monitorRecoveries(), 1ULL);
        QCOMPARE(model.count(), 1ULL);
        QCOMPARE(model.lastReconnectMs(), qint64{830});
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex row = model.index(0);
        QCOMPARE(row.data(RecoveryModel::DurationRole).toLongLong(), 830);
        QCOMPARE(row.data(RecoveryModel::AtRole).toLongLong(), kStart);
        QVERIFY(row.data().toString().contains(QStringLiteral("830 ms")));
        QCOMPARE(changed.size(), 1);
    }

    void the_services_recoveries_and_restarts_come_from_the_feed() {
        RecoveryModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Snapshot snapshot = snapshot_at(kStart);
        snapshot.metrics.set_recoveries_total(3);
        snapshot.metrics.set_last_recovery_ms(12);
        snapshot.metrics.set_last_recovery_at(kStart - 1000);
        snapshot.metrics.set_service_starts(4);
        snapshot.metrics.set_unclean_restarts(2);
        model.update(snapshot);
        model.update(snapshot);  // the same recovery in the next frame is not a new one
        QCOMPARE(model.serviceRecoveries(), 3ULL);
        QCOMPARE(model.uncleanRestarts(), 2ULL);
        QCOMPARE(model.serviceStarts(), 4ULL);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0).data(RecoveryModel::SourceRole).toInt(),
                 static_cast<int>(RecoveryModel::Source::ServiceClient));
        QCOMPARE(model.lastReconnectMs(), qint64{12});

        model.addMonitorRecovery(Recovery{kStart + 5000, 400});
        QCOMPARE(model.count(), 4ULL);
        QCOMPARE(model.index(0).data(RecoveryModel::DurationRole).toLongLong(),
                 400);  // newest first
    }

    void a_frame_without_any_recovery_adds_no_row() {
        RecoveryModel model;
        model.update(snapshot_at(kStart));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.count(), 0ULL);
    }

    void the_recovery_history_is_bounded() {
        RecoveryModel model;
        for (int i = 0; i < RecoveryModel::kMaxEvents + 10; ++i) {
            model.addMonitorRecovery(Recovery{kStart + i, i});
        }
        QCOMPARE(model.rowCount(), RecoveryModel::kMaxEvents);
        QCOMPARE(model.monitorRecoveries(), quint64{RecoveryModel::kMaxEvents + 10});
        QCOMPARE(model.index(0).data(RecoveryModel::DurationRole).toLongLong(),
                 qint64{RecoveryModel::kMaxEvents + 9});
    }

    // ---- Health

    void health_follows_state_memory_and_latency() {
        const MetricsSample calm = sample_of(snapshot_at(kStart, 50));
        QCOMPARE(evaluate_health(ServiceState::Running, calm), Health::Ok);
        QCOMPARE(evaluate_health(ServiceState::Reconnecting, calm), Health::Warning);
        QCOMPARE(evaluate_health(ServiceState::Connecting, calm), Health::Warning);
        QCOMPARE(evaluate_health(ServiceState::Stopped, calm), Health::Down);
        MetricsSample heavy = calm;
        heavy.rss_mb = 41;
        QCOMPARE(evaluate_health(ServiceState::Running, heavy), Health::Warning);
        const MetricsSample slow = sample_of(snapshot_at(kStart, 1500));
        QCOMPARE(evaluate_health(ServiceState::Running, slow), Health::Warning);
        QVERIFY(health_summary(ServiceState::Running, calm, 2)
                    .contains(QStringLiteral("2 recoveries")));
    }

    // ---- Start on login

    void start_on_login_writes_and_removes_the_autostart_entry() {
        const AutostartEntry entry(QStringLiteral("/opt/lapce ai/lapce-ai-monitor"));
        QVERIFY(
            AutostartEntry::path().endsWith(QStringLiteral("/autostart/lapce-ai-monitor.desktop")));
        QVERIFY(entry.setEnabled(false).has_value());
        QVERIFY(!entry.isEnabled());
        QVERIFY(entry.setEnabled(true).has_value());
        QVERIFY(entry.isEnabled());
        QFile file(AutostartEntry::path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.startsWith("[Desktop Entry]\n"));
        QVERIFY(text.contains("\nExec=\"/opt/lapce ai/lapce-ai-monitor\" --tray\n"));
        QVERIFY(entry.setEnabled(false).has_value());
        QVERIFY(!QFile::exists(AutostartEntry::path()));
    }

    void start_on_login_off_hides_an_installed_system_entry() {
        QTemporaryDir system_dir;
        QVERIFY(system_dir.isValid());
        QVERIFY(QDir(system_dir.path()).mkpath(QStringLiteral("autostart")));
        const QString system_entry =
            system_dir.path() + QStringLiteral("/autostart/lapce-ai-monitor.desktop");
        QFile installed(system_entry);
        QVERIFY(installed.open(QIODevice::WriteOnly));
        installed.write("[Desktop Entry]\nType=Application\nExec=lapce-ai-monitor --tray\n");
        installed.close();
        const QByteArray saved = qgetenv("XDG_CONFIG_DIRS");
        qputenv("XDG_CONFIG_DIRS",
                QStringLiteral("/nonexistent:%1").arg(system_dir.path()).toUtf8());
        const auto restore = qScopeGuard([&] {
            qputenv("XDG_CONFIG_DIRS", saved);
            QFile::remove(AutostartEntry::path());
        });

        const AutostartEntry entry(QStringLiteral("/usr/bin/lapce-ai-monitor"));
        QFile::remove(AutostartEntry::path());
        QVERIFY(AutostartEntry::has_system_entry());
        QVERIFY(entry.isEnabled());  // the installed entry alone starts the tray

        QVERIFY(entry.setEnabled(false).has_value());
        QVERIFY(!entry.isEnabled());
        QFile user(AutostartEntry::path());
        QVERIFY(user.open(QIODevice::ReadOnly));
        QVERIFY(user.readAll().contains("\nHidden=true\n"));
        user.close();
        QVERIFY(QFile::exists(system_entry));  // never touched

        QVERIFY(entry.setEnabled(true).has_value());
        QVERIFY(entry.isEnabled());
    }

    // ---- Command line

    void the_command_line_names_socket_dir_tray_and_screenshot() {
        QCommandLineParser parser;
        add_options(parser);
        QVERIFY(parser.parse({QStringLiteral("lapce-ai-monitor"), QStringLiteral("--tray"),
                              QStringLiteral("--socket-dir"), QStringLiteral("/run/x"),
                              QStringLiteral("--screenshot"), QStringLiteral("/tmp/m.png"),
                              QStringLiteral("--after"), QStringLiteral("1")}));
        auto command_line = read_command_line(parser);
        QVERIFY(command_line.has_value());
        QVERIFY(command_line->tray_only);
        QCOMPARE(command_line->settings.socket_dir, QStringLiteral("/run/x"));
        QCOMPARE(command_line->screenshot, QStringLiteral("/tmp/m.png"));
        QCOMPARE(command_line->screenshot_after_s, 1);
        QCOMPARE(command_line->settings.interval, std::chrono::milliseconds(500));
    }

    void bad_option_values_are_refused() {
        for (const QStringList& arguments :
             {QStringList{QStringLiteral("--after"), QStringLiteral("soon")},
              QStringList{QStringLiteral("--interval-ms"), QStringLiteral("20")}}) {
            QCommandLineParser parser;
            add_options(parser);
            QVERIFY(parser.parse(QStringList{QStringLiteral("lapce-ai-monitor")} + arguments));
            QVERIFY(!read_command_line(parser).has_value());
        }
    }

    // ---- The feed client without a service

    void without_a_service_the_backend_says_stopped_and_stops_cleanly() {
        QTemporaryDir dir;
        MonitorSettings settings;
        settings.socket_dir = dir.filePath(QStringLiteral("rt"));
        auto backend = std::make_unique<MonitorBackend>(settings);
        QSignalSpy states(backend.get(), &MonitorBackend::stateChanged);
        QCOMPARE(backend->state(), ServiceState::Connecting);
        backend->start();
        QVERIFY(states.wait(10000));
        QCOMPARE(states.front().front().value<ServiceState>(), ServiceState::Stopped);
        QCOMPARE(backend->state(), ServiceState::Stopped);
        QCOMPARE(backend->framesReceived(), 0ULL);
        backend.reset();  // joins the worker thread while it waits to retry
    }

    // ---- Service control without systemd

    void stop_sends_sigterm_to_the_reported_pid_and_waits_for_its_exit() {
        QProcess sleeper;
        sleeper.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        QVERIFY(sleeper.waitForStarted());
        ServiceController controller(QDir::tempPath());
        controller.setServiceBinary(QStringLiteral("/nonexistent/lapce-ai-service"));
        controller.setServicePid(sleeper.processId());
        QSignalSpy finished(&controller, &ServiceController::finished);
        controller.stop();
        QVERIFY(finished.wait(10000));
        QVERIFY(finished.front().at(1).toBool());
        QCOMPARE(sleeper.state(), QProcess::NotRunning);
        QCOMPARE(sleeper.exitStatus(), QProcess::CrashExit);  // ended by the signal
    }

    void starting_a_missing_binary_fails_with_a_message() {
        ServiceController controller(QDir::tempPath());
        controller.setServiceBinary(QStringLiteral("/nonexistent/lapce-ai-service"));
        QSignalSpy finished(&controller, &ServiceController::finished);
        controller.start();
        QCOMPARE(finished.size(), 1);
        QVERIFY(!finished.front().at(1).toBool());
        QVERIFY(finished.front().at(2).toString().contains(QStringLiteral("/nonexistent")));
        QVERIFY(!controller.busy());
    }
};

QTEST_GUILESS_MAIN(TestMonitorModels)
#include "test_monitor_models.moc"
