// AnthropicHandler beyond the golden cases: which provider names reach it, the SDK's credential
// rules (environment fallbacks, API key before auth token, no request without credentials),
// node-fetch's errors, the `:thinking` model and the token-count fallback.
#include <QEventLoop>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include <map>

#include "anthropic_handler.h"
#include "api_handler.h"
#include "ordered_json.h"
#include "replay_server.h"
#include "run_task.h"
#include "task.h"
#include "test_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::OrderedJson;

namespace {

OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

template <typename T>
std::exception_ptr run(Task<T>& task) {
    bool finished = false;
    std::exception_ptr error = lapce_ai::testing::run_task(task, 20'000, finished);
    if (!finished) qFatal("task did not finish");
    return error;
}

ProviderError provider_error(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const ProviderError& thrown) {
        return thrown;
    }
}

class NullSink : public ChunkSink {
  public:
    void on_chunk(ApiStreamChunk /*chunk*/) override {}
};

// A handler with a pinned environment, talking to `server`.
struct Fixture {
    Fixture() : Fixture(std::map<std::string, std::string>{}) {}
    explicit Fixture(std::map<std::string, std::string> environment) {
        context.http = &http;
        context.environment = [environment](std::string_view name) -> std::optional<std::string> {
            const auto found = environment.find(std::string(name));
            if (found == environment.end()) return std::nullopt;
            return found->second;
        };
    }
    std::unique_ptr<ApiHandler> handler(const std::string& settings) {
        return build_api_handler("anthropic", ProviderSettings(parse(settings)), context);
    }
    HttpClient http;
    ProviderContext context;
};

const char* const kMessageStream =
    R"([{"sse":[{"event":"message_start","data":{"type":"message_start","message":)"
    R"({"usage":{"input_tokens":1,"output_tokens":1}}}},)"
    R"({"event":"message_stop","data":{"type":"message_stop"}}]}])";

// A JSON response whose body stops early (an escaped string: moc misreads `\"` in raw strings).
const char* const kTruncatedJsonBody =
    "[{\"headers\":{\"content-type\":\"application/json\"},\"raw\":\"{\\\"content\\\":\"}]";

OrderedJson user_text(const char* text) {
    return parse(std::string(R"([{"role":"user","content":")") + text + R"("}])");
}

}  // namespace

class TestAnthropicHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void unknown_or_absent_providers_get_the_anthropic_handler() {
        Fixture fixture;
        for (const char* name : {"", "gemini-cli", "no-such-provider"}) {
            std::unique_ptr<ApiHandler> handler =
                build_api_handler(name, ProviderSettings(), fixture.context);
            QVERIFY2(dynamic_cast<AnthropicHandler*>(handler.get()) != nullptr, name);
        }
        QCOMPARE(
            build_api_handler("anthropic", ProviderSettings(), fixture.context)->get_model().id,
            std::string("claude-sonnet-4-20250514"));
    }

    void an_api_key_from_the_environment_wins_over_the_auth_token() {
        testing::ReplayServer server(parse(kMessageStream));
        QVERIFY(server.listen());
        Fixture fixture(std::map<std::string, std::string>{{"ANTHROPIC_API_KEY", "  env-key \n"}});
        auto handler = fixture.handler(
            R"({"apiKey":"token","anthropicUseAuthToken":true,"anthropicBaseUrl":")" +
            server.base_url().toStdString() + R"("})");
        NullSink sink;
        Task<void> task = handler->create_message("system", user_text("hi"), {}, sink);
        QVERIFY(!run(task));
        QCOMPARE(server.requests().size(), std::size_t(1));
        QCOMPARE(server.requests()[0].header("x-api-key"), QByteArray("env-key"));
        QCOMPARE(server.requests()[0].header("authorization"), QByteArray());
    }

    void the_base_url_comes_from_the_environment_and_the_auth_token_needs_one() {
        testing::ReplayServer server(parse(kMessageStream));
        QVERIFY(server.listen());
        Fixture fixture(std::map<std::string, std::string>{
            {"ANTHROPIC_BASE_URL", server.base_url().toStdString()}});
        // Without anthropicBaseUrl the key is sent as an API key even in auth-token mode.
        auto handler = fixture.handler(R"({"apiKey":"secret","anthropicUseAuthToken":true})");
        NullSink sink;
        Task<void> task = handler->create_message("system", user_text("hi"), {}, sink);
        QVERIFY(!run(task));
        QCOMPARE(server.requests().size(), std::size_t(1));
        QCOMPARE(server.requests()[0].header("x-api-key"), QByteArray("secret"));
        QCOMPARE(server.requests()[0].header("anthropic-version"), QByteArray("2023-06-01"));
    }

    void no_credentials_fail_before_a_request_is_sent() {
        testing::ReplayServer server(parse(kMessageStream));
        QVERIFY(server.listen());
        Fixture fixture;
        auto handler =
            fixture.handler(R"({"anthropicBaseUrl":")" + server.base_url().toStdString() + R"("})");
        NullSink sink;
        Task<void> task = handler->create_message("system", user_text("hi"), {}, sink);
        const std::exception_ptr error = run(task);
        QVERIFY(error);
        QCOMPARE(provider_error(error).name(), std::string("Error"));
        QVERIFY(provider_error(error).message().starts_with(
            "Could not resolve authentication method."));
        QCOMPARE(server.requests().size(), std::size_t(0));
    }

    void the_thinking_model_is_sent_without_its_suffix_and_with_the_128k_beta() {
        testing::ReplayServer server(parse(kMessageStream));
        QVERIFY(server.listen());
        Fixture fixture;
        auto handler = fixture.handler(
            R"({"apiKey":"k","apiModelId":"claude-3-7-sonnet-20250219:thinking","anthropicBaseUrl":")" +
            server.base_url().toStdString() + R"("})");
        const OrderedJson model = handler->get_model().to_json();
        QCOMPARE(model.find("id")->as_string(), std::string("claude-3-7-sonnet-20250219"));
        QCOMPARE(json::json_stringify(*model.find("betas")),
                 std::string(R"(["output-128k-2025-02-19"])"));
        NullSink sink;
        Task<void> task = handler->create_message("system", user_text("hi"), {}, sink);
        QVERIFY(!run(task));
        const testing::RecordedRequest& sent = server.requests().at(0);
        QCOMPARE(sent.header("anthropic-beta"),
                 QByteArray("output-128k-2025-02-19,prompt-caching-2024-07-31"));
        const OrderedJson body = parse(sent.body.toStdString());
        QCOMPARE(body.find("model")->as_string(), std::string("claude-3-7-sonnet-20250219"));
        QVERIFY(body.find("thinking") != nullptr);
        QCOMPARE(body.find("temperature")->as_number(), 1.0);
        // The SDK pretty-prints request bodies.
        QVERIFY(sent.body.startsWith("{\n  \"model\""));
    }

    void a_refused_connection_is_a_connection_error_with_node_fetchs_cause() {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        Fixture fixture;
        const std::string base = "http://127.0.0.1:" + std::to_string(port);
        auto handler = fixture.handler(R"({"apiKey":"k","anthropicBaseUrl":")" + base + R"("})");
        NullSink sink;
        Task<void> task = handler->create_message("system", user_text("hi"), {}, sink);
        const ProviderError error = provider_error(run(task));
        QCOMPARE(error.name(), std::string("APIConnectionError"));
        QCOMPARE(error.message(), std::string("Connection error."));
        QCOMPARE(json::json_stringify(error.cause),
                 R"({"name":"FetchError","message":"request to )" + base +
                     R"(/v1/messages failed, reason: connect ECONNREFUSED 127.0.0.1:)" +
                     std::to_string(port) + R"(","code":"ECONNREFUSED"})");
    }

    void complete_prompt_reads_a_text_body_as_text() {
        testing::ReplayServer server(parse(R"([{"raw":"not json"}])"));
        QVERIFY(server.listen());
        Fixture fixture;
        auto handler = fixture.handler(R"({"apiKey":"k","anthropicBaseUrl":")" +
                                       server.base_url().toStdString() + R"("})");
        Task<std::string> task = handler->complete_prompt("hi");
        const ProviderError error = provider_error(run(task));
        QCOMPARE(error.name(), std::string("TypeError"));
        QCOMPARE(error.message(),
                 std::string("Cannot read properties of undefined (reading 'find')"));
    }

    void complete_prompt_reports_invalid_json_as_node_fetch_does() {
        testing::ReplayServer server(parse(kTruncatedJsonBody));
        QVERIFY(server.listen());
        Fixture fixture;
        auto handler = fixture.handler(R"({"apiKey":"k","anthropicBaseUrl":")" +
                                       server.base_url().toStdString() + R"("})");
        Task<std::string> task = handler->complete_prompt("hi");
        const ProviderError error = provider_error(run(task));
        QCOMPARE(error.name(), std::string("FetchError"));
        QCOMPARE(error.message(), "invalid json response body at " +
                                      server.base_url().toStdString() +
                                      "/v1/messages reason: Unexpected end of JSON input");
    }

    void count_tokens_falls_back_to_tiktoken() {
        testing::ReplayServer server(parse(
            R"([{"status":400,"json":{"type":"error","error":{"type":"invalid_request_error","message":"no"}}}])"));
        QVERIFY(server.listen());
        Fixture fixture;
        auto handler = fixture.handler(R"({"apiKey":"k","anthropicBaseUrl":")" +
                                       server.base_url().toStdString() + R"("})");
        const OrderedJson content = parse(R"([{"type":"text","text":"Hello, world"}])");
        Task<double> counted = handler->count_tokens(content);
        QVERIFY(!run(counted));
        Task<double> estimated = handler->ApiHandler::count_tokens(content);
        QVERIFY(!run(estimated));
        QCOMPARE(server.requests().size(), std::size_t(1));
        QCOMPARE(counted.result(), estimated.result());
        QVERIFY(counted.result() > 0);
    }
};

QTEST_GUILESS_MAIN(TestAnthropicHandler)
#include "test_anthropic_handler.moc"
