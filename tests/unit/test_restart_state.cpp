// The service's restart record: counts across clean and unclean ends, and what it does with a
// record it cannot read.
#include <QtTest>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "restart_state.h"

using lapce_ai::RestartState;

class RestartStateTest : public QObject {
    Q_OBJECT

  private:
    QString path() const { return dir_.path() + QStringLiteral("/service.state"); }
    QJsonObject record() const {
        QFile file(path());
        if (!file.open(QIODevice::ReadOnly)) return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }
    void write_raw(const QByteArray& bytes) const {
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
    }

    QTemporaryDir dir_;

  private Q_SLOTS:
    void init() { QFile::remove(path()); }

    void a_first_start_counts_one_and_records_running() {
        RestartState state(path());
        QVERIFY(state.record_start(4242).has_value());
        QCOMPARE(state.counts().service_starts, 1u);
        QCOMPARE(state.counts().unclean_restarts, 0u);
        QCOMPARE(record().value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(record().value(QStringLiteral("pid")).toInteger(), 4242);
    }

    void a_clean_shutdown_then_a_start_counts_no_unclean_restart() {
        {
            RestartState first(path());
            QVERIFY(first.record_start(1).has_value());
            QVERIFY(first.record_clean_shutdown().has_value());
            QCOMPARE(record().value(QStringLiteral("state")).toString(), QStringLiteral("stopped"));
        }
        RestartState second(path());
        QVERIFY(second.record_start(2).has_value());
        QCOMPARE(second.counts().service_starts, 2u);
        QCOMPARE(second.counts().unclean_restarts, 0u);
    }

    void a_record_left_running_counts_an_unclean_restart_each_time() {
        RestartState first(path());
        QVERIFY(first.record_start(1).has_value());  // dies without a clean shutdown
        RestartState second(path());
        QVERIFY(second.record_start(2).has_value());  // and so does this one
        RestartState third(path());
        QVERIFY(third.record_start(3).has_value());
        QCOMPARE(third.counts().service_starts, 3u);
        QCOMPARE(third.counts().unclean_restarts, 2u);
    }

    void unreadable_records_start_afresh_with_a_warning_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("not json") << QByteArray("\x01\x02garbage");
        QTest::newRow("truncated") << QByteArray("{\"format\":1,\"state\":\"runn");
        QTest::newRow("unknown format") << QByteArray(
            "{\"format\":99,\"state\":\"running\",\"service_starts\":5,"
            "\"unclean_restarts\":1}");
        QTest::newRow("unknown state") << QByteArray(
            "{\"format\":1,\"state\":\"zombie\",\"service_starts\":5,"
            "\"unclean_restarts\":1}");
        QTest::newRow("count not a number") << QByteArray(
            "{\"format\":1,\"state\":\"running\",\"service_starts\":\"5\","
            "\"unclean_restarts\":1}");
        QTest::newRow("negative count") << QByteArray(
            "{\"format\":1,\"state\":\"running\",\"service_starts\":-5,"
            "\"unclean_restarts\":1}");
        QTest::newRow("empty") << QByteArray();
    }
    void unreadable_records_start_afresh_with_a_warning() {
        QFETCH(QByteArray, content);
        write_raw(content);
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("not a restart record")));
        RestartState state(path());
        QVERIFY(state.record_start(7).has_value());
        QCOMPARE(state.counts().service_starts, 1u);
        QCOMPARE(state.counts().unclean_restarts, 0u);
        QCOMPARE(record().value(QStringLiteral("service_starts")).toInteger(), 1);
    }

    void a_record_that_cannot_be_written_is_an_error_with_valid_counts() {
        RestartState state(dir_.path() + QStringLiteral("/missing/dir/service.state"));
        QVERIFY(!state.record_start(1).has_value());
        QCOMPARE(state.counts().service_starts, 1u);
    }
};

QTEST_GUILESS_MAIN(RestartStateTest)
#include "test_restart_state.moc"
