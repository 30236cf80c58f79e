// The retry rules of the Stainless SDKs' request engine (openai 5.12.2 retryRequest /
// shouldRetry): x-should-retry overrides the status, retry-after-ms before retry-after, a
// retry-after date is waited for, a wait of a minute or more falls back to the backoff.

#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QTest>

#include "http_client.h"
#include "provider_error.h"
#include "replay_server.h"
#include "run_task.h"
#include "stainless_client.h"
#include "test_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;

namespace {

// An IMF-fixdate, as servers send it: "Fri, 27 Nov 2026 19:00:03 GMT".
std::string http_date_in(int seconds) {
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc().addSecs(seconds),
                  QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toStdString();
}

struct Outcome {
    bool finished = false;
    std::string error;  // "name: message", empty when the request succeeded
    qint64 elapsed_ms = 0;
};

Outcome send_through(testing::ReplayServer& server) {
    HttpClient http;
    StainlessClientOptions options;
    options.base_url = server.base_url().toStdString() + "/v1";
    StainlessClient client(options, http);
    Task<std::unique_ptr<HttpResponse>> task =
        client.request("POST", "/chat/completions", json::OrderedJson::object({}));
    QElapsedTimer timer;
    timer.start();
    Outcome outcome;
    const std::exception_ptr thrown = testing::run_task(task, 60'000, outcome.finished);
    outcome.elapsed_ms = timer.elapsed();
    if (thrown) {
        try {
            std::rethrow_exception(thrown);
        } catch (const ProviderError& error) {
            outcome.error = error.name() + ": " + error.message();
        } catch (...) {
            outcome.error = "not a ProviderError";
        }
    }
    return outcome;
}

testing::ReplayServer replay(const std::string& responders) {
    return testing::ReplayServer(testing::parse_test_json(responders));
}

}  // namespace

class TestStainlessClient : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void a_retry_after_date_is_waited_for() {
        // Date.parse(header) - Date.now(): two to three seconds, where the backoff is at most 0.5
        // s.
        auto server = replay("[{\"status\":429,\"headers\":{\"retry-after\":\"" + http_date_in(3) +
                             "\"},\"json\":{}},{\"json\":{\"ok\":true}}]");
        QVERIFY(server.listen());
        const Outcome outcome = send_through(server);
        QVERIFY(outcome.finished);
        QCOMPARE(outcome.error, std::string());
        QCOMPARE(server.requests().size(), std::size_t(2));
        QVERIFY2(outcome.elapsed_ms >= 1500, std::to_string(outcome.elapsed_ms).c_str());
    }

    void retry_after_ms_comes_before_retry_after() {
        auto server = replay(
            "[{\"status\":503,\"headers\":{\"retry-after-ms\":\"1200\","
            "\"retry-after\":\"" +
            http_date_in(45) + "\"},\"json\":{}},{\"json\":{\"ok\":true}}]");
        QVERIFY(server.listen());
        const Outcome outcome = send_through(server);
        QVERIFY(outcome.finished);
        QCOMPARE(outcome.error, std::string());
        QCOMPARE(server.requests().size(), std::size_t(2));
        QVERIFY2(outcome.elapsed_ms >= 1100, std::to_string(outcome.elapsed_ms).c_str());
        // Not the 45 s the date asks for, whatever the machine's load.
        QVERIFY2(outcome.elapsed_ms < 30'000, std::to_string(outcome.elapsed_ms).c_str());
    }

    void a_retry_after_a_minute_or_more_away_falls_back_to_the_backoff() {
        auto server = replay("[{\"status\":429,\"headers\":{\"retry-after\":\"" +
                             http_date_in(120) + "\"},\"json\":{}},{\"json\":{\"ok\":true}}]");
        QVERIFY(server.listen());
        const Outcome outcome = send_through(server);
        QVERIFY(outcome.finished);
        QCOMPARE(outcome.error, std::string());
        QCOMPARE(server.requests().size(), std::size_t(2));
        QVERIFY2(outcome.elapsed_ms < 30'000, std::to_string(outcome.elapsed_ms).c_str());
    }

    void x_should_retry_false_ends_a_retryable_status_at_once() {
        auto server = replay(
            "[{\"status\":500,\"headers\":{\"x-should-retry\":\"false\"},"
            "\"json\":{\"error\":{\"message\":\"boom\"}}},{\"json\":{\"ok\":true}}]");
        QVERIFY(server.listen());
        const Outcome outcome = send_through(server);
        QVERIFY(outcome.finished);
        QCOMPARE(outcome.error, std::string("InternalServerError: 500 boom"));
        QCOMPARE(server.requests().size(), std::size_t(1));
    }

    void x_should_retry_true_retries_a_client_error() {
        auto server = replay(
            "[{\"status\":400,\"headers\":{\"x-should-retry\":\"true\",\"retry-after-ms\":\"10\"},"
            "\"json\":{}},{\"json\":{\"ok\":true}}]");
        QVERIFY(server.listen());
        const Outcome outcome = send_through(server);
        QVERIFY(outcome.finished);
        QCOMPARE(outcome.error, std::string());
        QCOMPARE(server.requests().size(), std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestStainlessClient)
#include "test_stainless_client.moc"
