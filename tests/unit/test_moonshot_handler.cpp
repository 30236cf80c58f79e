// MoonshotHandler (an OpenAiHandler subclass, moonshot.ts): max_tokens instead of
// max_completion_tokens, and usage with Moonshot's top-level cached_tokens.
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

namespace {

std::string compact(const OrderedJson& value) {
    return lapce_ai::json::json_stringify(value);
}

OrderedJson streamed_reply() {
    return parse_single_quoted(
        "{'match':{'path':'^/v1/chat/completions$'},'sse':["
        "{'data':{'choices':[{'delta':{'content':'<think>hm</think>there'}}]}},"
        "{'data':{'choices':[],'usage':{'prompt_tokens':10,'completion_tokens':4,"
        "'cached_tokens':6}}},"
        "{'data':'[DONE]'}]}");
}

}  // namespace

class TestMoonshotHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // A <think> block counts only at the very start of the content (XmlMatcher's position 0).
    void requests_carry_max_tokens_and_usage_reads_cached_tokens() {
        lapce_ai::testing::ReplayServer server(
            OrderedJson::array({streamed_reply(), streamed_reply()}));
        QVERIFY(server.listen());
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        const std::string base = server.base_url().toStdString() + "/v1";
        auto handler = build_api_handler(
            "moonshot",
            ProviderSettings(
                parse_single_quoted("{'moonshotApiKey':'mk','moonshotBaseUrl':'" + base + "'}")),
            context);
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink), std::string("no error"));
        QCOMPARE(sink.lines(),
                 single_quoted_json("{'type':'reasoning','text':'hm'}\n"
                                    "{'type':'text','text':'there'}\n"
                                    "{'type':'usage','inputTokens':10,'outputTokens':4,"
                                    "'cacheWriteTokens':0,'cacheReadTokens':6}\n"));
        const lapce_ai::testing::RecordedRequest& request = server.requests().at(0);
        QCOMPARE(request.header("authorization"), QByteArray("Bearer mk"));
        // kimi-k2-0905-preview supports prompt caching: the system prompt and the last user
        // message carry cache_control; max_tokens is the model's maxTokens.
        QCOMPARE(request.body.toStdString(),
                 single_quoted_json("{'model':'kimi-k2-0905-preview','temperature':0,'messages':["
                                    "{'role':'system','content':[{'type':'text','text':'sys',"
                                    "'cache_control':{'type':'ephemeral'}}]},"
                                    "{'role':'user','content':[{'type':'text','text':'hi',"
                                    "'cache_control':{'type':'ephemeral'}}]}],'stream':true,"
                                    "'stream_options':{'include_usage':true},'max_tokens':16384}"));

        // `this.options.modelMaxTokens || modelInfo.maxTokens`
        auto limited =
            build_api_handler("moonshot",
                              ProviderSettings(parse_single_quoted(
                                  "{'moonshotApiKey':'mk','moonshotBaseUrl':'" + base +
                                  "','apiModelId':'kimi-k2-turbo-preview','modelMaxTokens':1000}")),
                              context);
        lapce_ai::testing::ChunkCollector second;
        QCOMPARE(create_message_error(*limited, second), std::string("no error"));
        const OrderedJson body =
            *lapce_ai::json::parse_ordered_json(server.requests().at(1).body.toStdString());
        QCOMPARE(compact(*body.find("model")), std::string("\"kimi-k2-turbo-preview\""));
        QCOMPARE(compact(*body.find("max_tokens")), std::string("1000"));
        QVERIFY(!body.find("max_completion_tokens"));
    }
};

QTEST_GUILESS_MAIN(TestMoonshotHandler)
#include "test_moonshot_handler.moc"
