// CerebrasHandler against a replay server (its fixed host rewritten): the common:errors.cerebras
// messages of failed responses, and completePrompt's non-streaming request.
#include <QTest>

#include "cerebras_handler.h"
#include "chunk_collector.h"
#include "ordered_json.h"
#include "provider_test_helpers.h"
#include "replay_server.h"

using namespace lapce_ai::providers;
using lapce_ai::json::OrderedJson;
using lapce_ai::testing::parse_single_quoted;
using lapce_ai::testing::provider_error_text;
using lapce_ai::testing::run_to_end;

namespace {

struct Fixture {
    explicit Fixture(OrderedJson responders) : server(std::move(responders)) {
        if (!server.listen()) qFatal("cannot listen");
        http.add_host_rewrite(QStringLiteral("https://api.cerebras.ai"),
                              QString::fromLatin1(server.base_url()));
        context.http = &http;
        handler = std::make_unique<CerebrasHandler>(
            ProviderSettings(
                parse_single_quoted("{'cerebrasApiKey':'csk-test','apiModelId':'gpt-oss-120b'}")),
            context);
    }

    std::string stream_error() {
        lapce_ai::testing::ChunkCollector sink;
        return create_message_error(*handler, sink);
    }

    std::string completion_error(const std::string& prompt) {
        Task<std::string> task = handler->complete_prompt(prompt);
        return provider_error_text(run_to_end(task));
    }

    lapce_ai::testing::ReplayServer server;
    HttpClient http;
    ProviderContext context;
    std::unique_ptr<CerebrasHandler> handler;
};

OrderedJson failing(int status, const std::string& body_field) {
    return parse_single_quoted("{'status':" + std::to_string(status) + "," + body_field + "}");
}

}  // namespace

class TestCerebrasHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void stream_failures_name_the_status_or_the_error_body() {
        Fixture fixture(OrderedJson::array({
            failing(401, "'json':{'error':{'message':'hidden'}}"),
            failing(403, "'json':{}"),
            failing(429, "'json':{}"),
            failing(503, "'raw':'down'"),
            failing(400, "'json':{'error':{'message':'bad model'}}"),
            failing(422, "'json':{'message':'too long'}"),
            failing(404, "'json':{'code':1}"),
            failing(418, "'raw':'oops'"),
            failing(409, "'raw':''"),
        }));
        const std::string prefix = "Error: Cerebras completion error: ";
        QCOMPARE(fixture.stream_error(),
                 prefix +
                     "Cerebras API authentication failed. Please check your API key is "
                     "valid and not expired.");
        QCOMPARE(fixture.stream_error(),
                 prefix +
                     "Cerebras API access forbidden. Your API key may not have access to "
                     "the requested model or feature.");
        QCOMPARE(fixture.stream_error(),
                 prefix +
                     "Cerebras API rate limit exceeded. Please wait before making another "
                     "request.");
        QCOMPARE(fixture.stream_error(),
                 prefix + "Cerebras API server error (503). Please try again later.");
        // errorJson.error?.message || errorJson.message || JSON.stringify(errorJson, null, 2)
        QCOMPARE(fixture.stream_error(), prefix + "Cerebras API Error (400): bad model");
        QCOMPARE(fixture.stream_error(), prefix + "Cerebras API Error (422): too long");
        QCOMPARE(fixture.stream_error(), prefix + "Cerebras API Error (404): {\n  \"code\": 1\n}");
        // A body that is not JSON is used as it is; an empty one becomes "HTTP <status>".
        QCOMPARE(fixture.stream_error(), prefix + "Cerebras API Error (418): oops");
        QCOMPARE(fixture.stream_error(), prefix + "Cerebras API Error (409): HTTP 409");
        QCOMPARE(fixture.server.requests().size(), std::size_t(9));
    }

    void complete_prompt_sends_one_user_message_without_streaming() {
        Fixture fixture(OrderedJson::array({
            parse_single_quoted("{'match':{'path':'^/v1/chat/completions$'},"
                                "'json':{'choices':[{'message':{'content':'answer'}}]}}"),
            parse_single_quoted("{'json':{'choices':[]}}"),
        }));
        Task<std::string> task = fixture.handler->complete_prompt("question");
        QVERIFY(!run_to_end(task));
        QCOMPARE(task.result(), std::string("answer"));
        const lapce_ai::testing::RecordedRequest& request = fixture.server.requests().at(0);
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.body,
                 QByteArray("{\"model\":\"gpt-oss-120b\",\"messages\":[{\"role\":\"user\","
                            "\"content\":\"question\"}],\"stream\":false}"));
        QCOMPARE(request.header("authorization"), QByteArray("Bearer csk-test"));
        QCOMPARE(request.header("x-title"), QByteArray("Roo Code"));
        // `result.choices?.[0]?.message?.content || ""`
        Task<std::string> empty = fixture.handler->complete_prompt("again");
        QVERIFY(!run_to_end(empty));
        QCOMPARE(empty.result(), std::string());
    }

    void complete_prompt_failures_keep_the_raw_error_text() {
        Fixture fixture(OrderedJson::array({
            failing(400, "'json':{'error':{'message':'bad'}}"),
            failing(401, "'raw':''"),
            failing(500, "'raw':''"),
        }));
        // Unlike createMessage, completePrompt puts the body text itself in the message.
        QCOMPARE(fixture.completion_error("x"),
                 std::string("Error: Cerebras completion error: Cerebras API Error (400): "
                             "{\"error\":{\"message\":\"bad\"}}"));
        QCOMPARE(fixture.completion_error("x"),
                 std::string("Error: Cerebras completion error: Cerebras API authentication "
                             "failed. Please check your API key is valid and not expired."));
        QCOMPARE(fixture.completion_error("x"),
                 std::string("Error: Cerebras completion error: Cerebras API server error (500). "
                             "Please try again later."));
    }
};

QTEST_GUILESS_MAIN(TestCerebrasHandler)
#include "test_cerebras_handler.moc"
