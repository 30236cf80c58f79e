// NativeOllamaHandler (native-ollama.ts): failures creating the ollama-js client, and the token
// counts it keeps from the streamed chunks (only truthy counts replace the totals).
#include <QTest>

#include "api_handler.h"
#include "chunk_collector.h"
#include "ordered_json.h"
#include "provider_test_helpers.h"
#include "replay_server.h"

using namespace lapce_ai::providers;
using lapce_ai::json::OrderedJson;
using lapce_ai::testing::parse_single_quoted;
using lapce_ai::testing::provider_error_text;
using lapce_ai::testing::run_to_end;
using lapce_ai::testing::single_quoted_json;

class TestNativeOllamaHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // new Ollama({host}) runs formatHost, whose new URL throws "Invalid URL": createMessage
    // reports it from ensureClient, completePrompt wraps it once more.
    void an_unparseable_base_url_fails_while_creating_the_client() {
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        const ProviderSettings settings(
            parse_single_quoted("{'ollamaBaseUrl':'http://','ollamaModelId':'m'}"));
        auto handler = build_api_handler("ollama", settings, context);
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink),
                 std::string("Error: Error creating Ollama client: Invalid URL"));
        QVERIFY(sink.chunks.empty());

        auto other = build_api_handler("ollama", settings, context);
        Task<std::string> completion = other->complete_prompt("p");
        QCOMPARE(provider_error_text(run_to_end(completion)),
                 std::string("Error: Ollama completion error: Error creating Ollama client: "
                             "Invalid URL"));
    }

    // `if (chunk.prompt_eval_count)` / `if (chunk.eval_count)`: a zero count leaves the total
    // as it was; the usage chunk carries the last truthy counts.
    void zero_token_counts_do_not_reset_the_totals() {
        lapce_ai::testing::ReplayServer server(OrderedJson::array(
            {parse_single_quoted(
                 "{'match':{'method':'GET','path':'^/api/tags$'},'json':{'models':[]}}"),
             parse_single_quoted(
                 "{'match':{'path':'^/api/chat$'},'ndjson':["
                 "{'model':'m','message':{'role':'assistant','content':'a'},'done':false,"
                 "'prompt_eval_count':12,'eval_count':0},"
                 "{'model':'m','message':{'role':'assistant','content':''},'done':true,"
                 "'prompt_eval_count':0,'eval_count':5}]}")}));
        QVERIFY(server.listen());
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        auto handler = build_api_handler(
            "ollama",
            ProviderSettings(parse_single_quoted("{'ollamaBaseUrl':'" +
                                                 server.base_url().toStdString() +
                                                 "','ollamaModelId':'m','ollamaApiKey':'ok',"
                                                 "'ollamaNumCtx':8192}")),
            context);
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink), std::string("no error"));
        QCOMPARE(sink.lines(),
                 single_quoted_json("{'type':'text','text':'a'}\n"
                                    "{'type':'usage','inputTokens':12,'outputTokens':5}\n"));
        const lapce_ai::testing::RecordedRequest& chat = server.requests().back();
        QCOMPARE(chat.path, QByteArray("/api/chat"));
        QCOMPARE(chat.header("authorization"), QByteArray("Bearer ok"));
        QCOMPARE(chat.body.toStdString(),
                 single_quoted_json("{'model':'m','messages':[{'role':'system','content':'sys'},"
                                    "{'role':'user','content':'hi'}],'stream':true,"
                                    "'options':{'temperature':0,'num_ctx':8192}}"));
    }
};

QTEST_GUILESS_MAIN(TestNativeOllamaHandler)
#include "test_native_ollama_handler.moc"
