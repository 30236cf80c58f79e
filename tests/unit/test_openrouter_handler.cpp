// OpenRouterHandler (openrouter.ts): a chosen provider's endpoint info and routing, DeepSeek R1's
// top_p and user-role system prompt, and the checks it makes on each streamed chunk.
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

// GET /api/v1/models: one text model per id, with its context window and output limit.
OrderedJson models_reply() {
    return parse_single_quoted(
        "{'match':{'method':'GET','path':'^/api/v1/models$'},'repeat':true,'json':{'data':["
        "{'id':'openai/gpt-4o','context_length':128000,"
        "'architecture':{'input_modalities':['text'],'output_modalities':['text']},"
        "'pricing':{'prompt':'0.0000025','completion':'0.00001'},"
        "'top_provider':{'max_completion_tokens':16384}},"
        "{'id':'deepseek/deepseek-r1','context_length':163840,"
        "'architecture':{'input_modalities':['text'],'output_modalities':['text']},"
        "'pricing':{'prompt':'0.0000004','completion':'0.000002'},"
        "'top_provider':{'max_completion_tokens':32768}}]}}");
}

OrderedJson text_stream(const std::string& text) {
    return parse_single_quoted(
        "{'match':{'path':'^/api/v1/chat/completions$'},'sse':["
        "{'data':{'choices':[{'delta':{'content':'" +
        text + "'}}]}},{'data':'[DONE]'}]}");
}

struct Fixture {
    explicit Fixture(OrderedJson responders) : server(std::move(responders)) {
        if (!server.listen()) qFatal("replay server did not listen");
        base = server.base_url().toStdString() + "/api/v1";
        http.add_host_rewrite(QStringLiteral("https://openrouter.ai/api/v1"),
                              QString::fromStdString(base));
        context.http = &http;
    }
    std::unique_ptr<ApiHandler> handler(const std::string& settings) {
        return build_api_handler(
            "openrouter",
            ProviderSettings(parse_single_quoted("{'openRouterApiKey':'or','openRouterBaseUrl':'" +
                                                 base + "'," + settings + "}")),
            context);
    }
    lapce_ai::testing::ReplayServer server;
    std::string base;
    HttpClient http;
    ProviderContext context;
};

}  // namespace

class TestOpenRouterHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // openRouterSpecificProvider: that provider's endpoint (keyed by provider_name when it has
    // no tag) replaces the listed model info, and the request pins routing to it.
    void a_specific_provider_uses_its_endpoint_info_and_pins_routing() {
        Fixture fixture(OrderedJson::array(
            {models_reply(),
             parse_single_quoted(
                 "{'match':{'method':'GET','path':'^/api/v1/models/openai/gpt-4o/endpoints$'},"
                 "'json':{'data':{'id':'openai/gpt-4o','architecture':{'input_modalities':"
                 "['text'],'output_modalities':['text']},'endpoints':["
                 "{'provider_name':'Azure','context_length':64000,'max_completion_tokens':4096,"
                 "'pricing':{'prompt':'0.000003','completion':'0.00001'}}]}}}"),
             text_stream("ok")}));
        auto handler = fixture.handler(
            "'openRouterModelId':'openai/gpt-4o','openRouterSpecificProvider':'Azure'");
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink), std::string("no error"));
        QCOMPARE(sink.lines(), single_quoted_json("{'type':'text','text':'ok'}\n"));
        const auto& requests = fixture.server.requests();
        QCOMPARE(requests.size(), std::size_t(3));
        QCOMPARE(requests.at(2).header("authorization"), QByteArray("Bearer or"));
        // max_tokens 4096 is the endpoint's limit (the listed model allows 16384).
        QCOMPARE(requests.at(2).body.toStdString(),
                 single_quoted_json("{'model':'openai/gpt-4o','max_tokens':4096,'temperature':0,"
                                    "'messages':[{'role':'system','content':'sys'},"
                                    "{'role':'user','content':'hi'}],'stream':true,"
                                    "'stream_options':{'include_usage':true},"
                                    "'provider':{'order':['Azure'],'only':['Azure'],"
                                    "'allow_fallbacks':false},'transforms':['middle-out']}"));
    }

    // deepseek/deepseek-r1: DEEP_SEEK_DEFAULT_TEMPERATURE, top_p 0.95, the system prompt merged
    // into the user turn (convertToR1Format); "[default]" adds no provider routing and
    // openRouterUseMiddleOutTransform false drops transforms.
    void deepseek_r1_sends_top_p_and_the_system_prompt_as_user_text() {
        Fixture fixture(OrderedJson::array({models_reply(), text_stream("r1")}));
        auto handler = fixture.handler(
            "'openRouterModelId':'deepseek/deepseek-r1',"
            "'openRouterSpecificProvider':'[default]',"
            "'openRouterUseMiddleOutTransform':false");
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink), std::string("no error"));
        QCOMPARE(sink.lines(), single_quoted_json("{'type':'text','text':'r1'}\n"));
        const auto& requests = fixture.server.requests();
        QCOMPARE(requests.back().path, QByteArray("/api/v1/chat/completions"));
        QCOMPARE(requests.back().body.toStdString(),
                 single_quoted_json("{'model':'deepseek/deepseek-r1','max_tokens':32768,"
                                    "'temperature':0.6,'top_p':0.95,'messages':[{'role':'user',"
                                    "'content':'sys\\nhi'}],'stream':true,"
                                    "'stream_options':{'include_usage':true}}"));
    }

    // `"error" in chunk` holds for a null error too (the SDK only throws for a truthy one):
    // the handler throws with `${error?.code}: ${error?.message}` both undefined.
    void an_error_member_in_a_chunk_ends_the_stream_even_when_null() {
        Fixture fixture(OrderedJson::array(
            {models_reply(),
             parse_single_quoted("{'match':{'path':'^/api/v1/chat/completions$'},'sse':["
                                 "{'data':{'choices':[{'delta':{'content':'a'}}]}},"
                                 "{'data':{'error':null,'choices':[{'delta':{'content':'b'}}]}},"
                                 "{'data':'[DONE]'}]}")}));
        auto handler = fixture.handler("'openRouterModelId':'openai/gpt-4o'");
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink),
                 std::string("Error: OpenRouter API Error undefined: undefined"));
        QCOMPARE(sink.lines(), single_quoted_json("{'type':'text','text':'a'}\n"));
    }

    // `"reasoning" in delta` on a string delta is V8's TypeError naming the string.
    void a_string_delta_fails_like_the_in_operator() {
        Fixture fixture(OrderedJson::array(
            {models_reply(),
             parse_single_quoted("{'match':{'path':'^/api/v1/chat/completions$'},'sse':["
                                 "{'data':{'choices':[{'delta':'abc'}]}},"
                                 "{'data':'[DONE]'}]}")}));
        auto handler = fixture.handler("'openRouterModelId':'openai/gpt-4o'");
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(
            create_message_error(*handler, sink),
            std::string("TypeError: Cannot use 'in' operator to search for 'reasoning' in abc"));
        QVERIFY(sink.chunks.empty());
    }
};

QTEST_GUILESS_MAIN(TestOpenRouterHandler)
#include "test_openrouter_handler.moc"
