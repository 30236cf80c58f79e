// The Stainless SDKs' request engine (openai 5.12.2, @anthropic-ai/sdk 0.37.0). Retries
// (retryRequest / shouldRetry): x-should-retry overrides the status, retry-after-ms before
// retry-after, a retry-after date is waited for, a wait of a minute or more falls back to the
// backoff. Requests: buildURL's defaultQuery, AzureOpenAI's deployment paths. Errors:
// APIError.generate's classes and makeMessage's text.

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

StainlessClientOptions options_for(testing::ReplayServer& server) {
    StainlessClientOptions options;
    options.base_url = server.base_url().toStdString() + "/v1";
    return options;
}

Outcome send_with(StainlessClientOptions options, const std::string& path = "/chat/completions",
                  json::OrderedJson body = json::OrderedJson::object({})) {
    HttpClient http;
    StainlessClient client(std::move(options), http);
    Task<std::unique_ptr<HttpResponse>> task = client.request("POST", path, std::move(body));
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

Outcome send_through(testing::ReplayServer& server) {
    return send_with(options_for(server));
}

// The "name: message" of an error the client built without sending anything.
std::string text_of(const ProviderError& error) {
    return error.name() + ": " + error.message();
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

    void retry_after_ms_of_infinity_is_a_number_and_keeps_retry_after_unread() {
        // parseFloat("Infinity") is Infinity, not NaN: retry-after is not read (!timeoutMillis is
        // false), and an endless wait falls back to the backoff (at most 0.5 s for the first
        // retry) instead of the 30 s retry-after asks for (the bound is far from both).
        auto server = replay(
            "[{\"status\":503,\"headers\":{\"retry-after-ms\":\"Infinity\","
            "\"retry-after\":\"30\"},\"json\":{}},{\"json\":{\"ok\":true}}]");
        QVERIFY(server.listen());
        const Outcome outcome = send_through(server);
        QVERIFY(outcome.finished);
        QCOMPARE(outcome.error, std::string());
        QCOMPARE(server.requests().size(), std::size_t(2));
        QVERIFY2(outcome.elapsed_ms < 20000, std::to_string(outcome.elapsed_ms).c_str());
    }

    void the_default_query_follows_the_path_percent_encoded() {
        // qs.stringify (RFC 3986): keys and values escaped, entries joined with "&".
        auto server = replay("[{\"json\":{\"ok\":true}}]");
        QVERIFY(server.listen());
        StainlessClientOptions options = options_for(server);
        options.default_query = {{"api-version", "2024-10-21"}, {"x y", "a/b&c"}};
        const Outcome outcome = send_with(options);
        QCOMPARE(outcome.error, std::string());
        QCOMPARE(server.requests().size(), std::size_t(1));
        QCOMPARE(server.requests()[0].path,
                 QByteArray("/v1/chat/completions?api-version=2024-10-21&x%20y=a%2Fb%26c"));
    }

    void the_default_query_replaces_a_query_in_the_base_url() {
        // new URL(base + path) keeps the path inside the base URL's query; url.search = ...
        // then replaces that whole query.
        auto server = replay("[{\"json\":{\"ok\":true}}]");
        QVERIFY(server.listen());
        StainlessClientOptions options = options_for(server);
        options.base_url += "?stale=1";
        options.default_query = {{"api-version", "2024-10-21"}};
        const Outcome outcome = send_with(options);
        QCOMPARE(outcome.error, std::string());
        QCOMPARE(server.requests().size(), std::size_t(1));
        QCOMPARE(server.requests()[0].path, QByteArray("/v1?api-version=2024-10-21"));
    }

    void azure_deployment_endpoints_go_to_the_models_deployment() {
        auto server = replay("[{\"json\":{}},{\"json\":{}},{\"json\":{}},{\"json\":{}}]");
        QVERIFY(server.listen());
        StainlessClientOptions options = options_for(server);
        options.azure_deployments = true;
        const json::OrderedJson body =
            json::OrderedJson::object({{"model", json::OrderedJson::string("gpt-4o")}});
        QCOMPARE(send_with(options, "/chat/completions", body).error, std::string());
        QCOMPARE(send_with(options, "/embeddings", body).error, std::string());
        // Not a deployment endpoint: the path stays.
        QCOMPARE(send_with(options, "/responses", body).error, std::string());
        // A base URL that already names a deployment keeps the path too.
        StainlessClientOptions deployment = options;
        deployment.base_url += "/deployments/mine";
        QCOMPARE(send_with(deployment, "/chat/completions", body).error, std::string());
        QCOMPARE(server.requests().size(), std::size_t(4));
        QCOMPARE(server.requests()[0].path, QByteArray("/v1/deployments/gpt-4o/chat/completions"));
        QCOMPARE(server.requests()[1].path, QByteArray("/v1/deployments/gpt-4o/embeddings"));
        QCOMPARE(server.requests()[2].path, QByteArray("/v1/responses"));
        QCOMPARE(server.requests()[3].path, QByteArray("/v1/deployments/mine/chat/completions"));
    }

    void each_failed_status_raises_its_sdk_error_class() {
        // APIError.generate by status; makeMessage: error.message (stringified when not a
        // string), else a body that is not JSON as it came, else "status code (no body)".
        auto server = replay(
            "[{\"status\":403,\"json\":{\"error\":{\"message\":\"denied\"}}},"
            "{\"status\":404,\"raw\":\"Not Found\"},"
            "{\"status\":409,\"raw\":\"\"},"
            "{\"status\":422,\"json\":{\"error\":{\"message\":{\"detail\":\"bad\"}}}},"
            "{\"status\":418,\"json\":{\"detail\":\"teapot\"}}]");
        QVERIFY(server.listen());
        StainlessClientOptions options = options_for(server);
        options.max_retries = 0;
        QCOMPARE(send_with(options).error, std::string("PermissionDeniedError: 403 denied"));
        QCOMPARE(send_with(options).error, std::string("NotFoundError: 404 Not Found"));
        QCOMPARE(send_with(options).error, std::string("ConflictError: 409 status code (no body)"));
        QCOMPARE(send_with(options).error,
                 std::string("UnprocessableEntityError: 422 {\"detail\":\"bad\"}"));
        // The openai SDK reads body.error only: a body without one has no message.
        QCOMPARE(send_with(options).error, std::string("APIError: 418 status code (no body)"));
        QCOMPARE(server.requests().size(), std::size_t(5));
    }

    void the_anthropic_sdk_builds_the_message_from_the_whole_body() {
        // @anthropic-ai/sdk 0.37.0 passes the whole body as `error`: without a top-level
        // message the message is the body's JSON.
        HttpClient http;
        StainlessClientOptions options;
        options.flavor = StainlessClientOptions::Flavor::Anthropic;
        StainlessClient client(options, http);
        const std::string body =
            "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: "
            "x\"}}";
        const ProviderError error = client.status_error(404, body);
        QCOMPARE(text_of(error), "NotFoundError: 404 " + body);
        QCOMPARE(error.status, std::optional<int>(404));
        QCOMPARE(text_of(client.status_error(400, "{\"message\":\"top\"}")),
                 std::string("BadRequestError: 400 top"));
    }

    void a_stream_error_takes_its_message_or_its_json() {
        // new APIError(undefined, data.error, undefined, ...): no status in the message.
        const ProviderError with_message = StainlessClient::stream_error(
            testing::parse_test_json("{\"message\":\"boom\",\"code\":\"server_error\"}"));
        QCOMPARE(text_of(with_message), std::string("APIError: boom"));
        QCOMPARE(json::json_stringify(with_message.code), std::string("\"server_error\""));
        QCOMPARE(text_of(StainlessClient::stream_error(
                     testing::parse_test_json("{\"message\":\"\",\"code\":7}"))),
                 std::string("APIError: {\"message\":\"\",\"code\":7}"));
        QCOMPARE(text_of(StainlessClient::stream_error(json::OrderedJson())),
                 std::string("APIError: (no status code or body)"));
    }
};

QTEST_GUILESS_MAIN(TestStainlessClient)
#include "test_stainless_client.moc"
