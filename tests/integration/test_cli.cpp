// The lapce-ai command line, run as a user would run it.
#include <signal.h>

#include <QtTest>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "cli_process.h"
#include "service_process.h"

using lapce_ai::testing::CliRun;
using lapce_ai::testing::run_cli;
using lapce_ai::testing::ServiceProcess;

namespace {}  // namespace

class CliTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() { QVERIFY(service_.start()); }

    void ping_reports_the_service_pid() {
        const CliRun run = run_cli(
            {QStringLiteral("--socket-dir"), service_.socket_dir(), QStringLiteral("ping")});
        QCOMPARE(run.exit_code, 0);
        QVERIFY(run.out.contains("pong from lapce-ai-service pid " +
                                 QByteArray::number(service_.pid())));
    }

    void status_json_carries_the_metrics() {
        const CliRun run = run_cli({QStringLiteral("--socket-dir"), service_.socket_dir(),
                                    QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(run.exit_code, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json[QStringLiteral("server_pid")].toInteger(), service_.pid());
        for (const char* key :
             {"sessions_active", "messages_in", "handler_latency", "round_trip", "recoveries_total",
              "rss_bytes", "pss_bytes", "heap_in_use_bytes"}) {
            QVERIFY2(json.contains(QLatin1String(key)), key);
        }
        QVERIFY(json[QStringLiteral("rss_bytes")].toInteger() > 0);
    }

    void status_prints_a_human_summary() {
        const CliRun run = run_cli(
            {QStringLiteral("--socket-dir"), service_.socket_dir(), QStringLiteral("status")});
        QCOMPARE(run.exit_code, 0);
        QVERIFY(run.out.contains("sessions"));
        QVERIFY(run.out.contains("memory        RSS"));
        QVERIFY(run.out.contains("round trip    p50"));
        QVERIFY(run.out.contains("providers     no upstream requests yet"));
    }

    void status_watch_prints_a_json_line_per_frame_until_the_count() {
        QElapsedTimer timer;
        timer.start();
        const CliRun run = run_cli(
            {QStringLiteral("--socket-dir"), service_.socket_dir(), QStringLiteral("status"),
             QStringLiteral("--watch"), QStringLiteral("--json"), QStringLiteral("--interval"),
             QStringLiteral("100"), QStringLiteral("--count"), QStringLiteral("3")});
        QCOMPARE(run.exit_code, 0);
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        qint64 previous_sequence = 0;
        for (const QByteArray& line : lines) {
            const QJsonObject frame = QJsonDocument::fromJson(line).object();
            QCOMPARE(frame[QStringLiteral("server_pid")].toInteger(), service_.pid());
            QVERIFY(frame[QStringLiteral("rss_bytes")].toInteger() > 0);
            // One frame each: the feed's sequence numbers follow each other.
            const qint64 sequence = frame[QStringLiteral("sequence")].toInteger();
            QCOMPARE(sequence, previous_sequence + 1);
            previous_sequence = sequence;
        }
        // Three frames 100 ms apart: at least 200 ms from the first to the last.
        QVERIFY(timer.elapsed() >= 200);
    }

    void status_watch_prints_a_human_line_per_frame() {
        const CliRun run =
            run_cli({QStringLiteral("--socket-dir"), service_.socket_dir(),
                     QStringLiteral("status"), QStringLiteral("--watch"), QStringLiteral("--count"),
                     QStringLiteral("2"), QStringLiteral("--interval"), QStringLiteral("100")});
        QCOMPARE(run.exit_code, 0);
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const QByteArray& line : lines) {
            QVERIFY2(line.contains(" MiB  latency p50 ") && line.contains(" sessions  ") &&
                         line.contains(" recoveries (last ") && line.contains(" unclean"),
                     line.constData());
        }
    }

    void status_watch_without_a_service_exits_with_unavailable() {
        QTemporaryDir empty;
        const CliRun run =
            run_cli({QStringLiteral("--socket-dir"), empty.path(), QStringLiteral("status"),
                     QStringLiteral("--watch"), QStringLiteral("--count"), QStringLiteral("1")});
        QCOMPARE(run.exit_code,
                 run_cli({QStringLiteral("--socket-dir"), empty.path(), QStringLiteral("ping")})
                     .exit_code);
        QVERIFY(run.exit_code != 0);
    }

    void bench_ipc_reports_latency_throughput_and_zero_allocations() {
        const CliRun run =
            run_cli({QStringLiteral("--socket-dir"), service_.socket_dir(), QStringLiteral("bench"),
                     QStringLiteral("ipc"), QStringLiteral("--messages"), QStringLiteral("5000"),
                     QStringLiteral("--size"), QStringLiteral("1024"), QStringLiteral("--json")});
        QCOMPARE(run.exit_code, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        for (const char* key :
             {"rtt_p50_us", "rtt_p99_us", "rtt_p999_us", "throughput_msgs_per_s"}) {
            QVERIFY2(json[QLatin1String(key)].toDouble() > 0, key);
        }
        QCOMPARE(json[QStringLiteral("stream_messages")].toInteger(), 5000);
        if (qEnvironmentVariable("LAPCE_AI_COUNTS_ALLOCATIONS") == QStringLiteral("1")) {
            QCOMPARE(json[QStringLiteral("allocations_per_message")].toDouble(), 0.0);
        } else {  // sanitizer builds have no allocation counter
            QCOMPARE(json[QStringLiteral("allocations_per_message")].toDouble(), -1.0);
        }
        QVERIFY(json[QStringLiteral("service_rss_kb")].toInteger() > 0);
    }

    void bench_ipc_runs_over_the_socket_transport() {
        const CliRun run = run_cli(
            {QStringLiteral("--socket-dir"), service_.socket_dir(), QStringLiteral("bench"),
             QStringLiteral("ipc"), QStringLiteral("--transport"), QStringLiteral("socket"),
             QStringLiteral("--messages"), QStringLiteral("2000"), QStringLiteral("--json")});
        QCOMPARE(run.exit_code, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json[QStringLiteral("transport")].toString(), QStringLiteral("socket"));
        QVERIFY(json[QStringLiteral("rtt_p50_us")].toDouble() > 0);
    }

    void bench_reconnect_recovers_every_trial() {
        ServiceProcess victim;
        QVERIFY(victim.start());
        const CliRun run =
            run_cli({QStringLiteral("--socket-dir"), victim.socket_dir(), QStringLiteral("bench"),
                     QStringLiteral("reconnect"), QStringLiteral("--trials"), QStringLiteral("3"),
                     QStringLiteral("--service-program"), ServiceProcess::service_binary(),
                     QStringLiteral("--json")});
        QCOMPARE(run.exit_code, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json[QStringLiteral("lost_requests")].toInteger(), 0);
        QCOMPARE(json[QStringLiteral("recoveries")].toInteger(), 3);
        QVERIFY(json[QStringLiteral("reconnect_p50_ms")].toDouble() > 0);
        // Stop the service the benchmark left running.
        const CliRun stop = run_cli({QStringLiteral("--socket-dir"), victim.socket_dir(),
                                     QStringLiteral("status"), QStringLiteral("--json")});
        const auto pid =
            QJsonDocument::fromJson(stop.out).object()[QStringLiteral("server_pid")].toInteger();
        QVERIFY(pid > 0);
        ::kill(static_cast<pid_t>(pid), SIGTERM);
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(victim.socket_path()), 5000);
    }

    void a_service_started_by_the_client_does_not_hold_its_output_open() {
        // Through a pipe: `cat` ends only when every writer of the pipe has closed it, so a
        // service inheriting the CLI's stdout would keep this pipeline alive.
        ServiceProcess victim;
        QVERIFY(victim.start());
        const QString cli = qEnvironmentVariable("LAPCE_AI_CLI_BIN", QStringLiteral("lapce-ai"));
        QProcess pipeline;
        pipeline.start(QStringLiteral("/bin/sh"),
                       {QStringLiteral("-c"),
                        QStringLiteral("\"$0\" --socket-dir \"$1\" bench reconnect --trials 1 "
                                       "--service-program \"$2\" --json | cat"),
                        cli, victim.socket_dir(), ServiceProcess::service_binary()});
        const bool finished = pipeline.waitForFinished(20000);
        if (!finished) pipeline.kill();
        const QByteArray out = pipeline.readAllStandardOutput();
        const auto pid =
            QJsonDocument::fromJson(run_cli({QStringLiteral("--socket-dir"), victim.socket_dir(),
                                             QStringLiteral("status"), QStringLiteral("--json")})
                                        .out)
                .object()[QStringLiteral("server_pid")]
                .toInteger();
        if (pid > 0) ::kill(static_cast<pid_t>(pid), SIGTERM);
        QVERIFY2(finished, "the pipeline stayed open after the CLI exited");
        QVERIFY(out.contains("reconnect_p50_ms"));
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(victim.socket_path()), 5000);
    }

    void a_missing_service_exits_with_unavailable() {
        QTemporaryDir empty;
        const CliRun run =
            run_cli({QStringLiteral("--socket-dir"), empty.path(), QStringLiteral("ping")});
        QCOMPARE(run.exit_code, 3);
        QVERIFY(run.err.contains("UNAVAILABLE"));
    }

    void unknown_commands_and_bad_values_exit_with_usage_errors() {
        QCOMPARE(run_cli({QStringLiteral("frobnicate")}).exit_code, 2);
        QCOMPARE(run_cli({QStringLiteral("bench"), QStringLiteral("ipc"),
                          QStringLiteral("--messages"), QStringLiteral("lots")})
                     .exit_code,
                 2);
        QCOMPARE(run_cli({QStringLiteral("bench"), QStringLiteral("reconnect")}).exit_code, 2);
    }

  private:
    ServiceProcess service_;
};

QTEST_GUILESS_MAIN(CliTest)
#include "test_cli.moc"
