// LiteLLMHandler (src/api/providers/lite-llm.ts) on the wire against the replay server: the
// prompt-cache markers on the system prompt and the last two user messages, max_tokens versus
// max_completion_tokens, the temperature rule, the usage chunk with LiteLLM's several cache token
// names priced with calculateApiCostOpenAI, completePrompt and the error prefixes.
#include <QTest>

#include <algorithm>

#include "api_handler.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "provider_test_helpers.h"
#include "replay_server.h"
#include "run_task.h"
#include "task.h"
#include "test_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::OrderedJson;

namespace {

OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(testing::single_quoted_json(std::string(text)));
}

class CollectingSink : public ChunkSink {
  public:
    void on_chunk(ApiStreamChunk chunk) override { chunks.push_back(to_json(chunk)); }
    std::vector<OrderedJson> chunks;
};

// GET /v1/model/info as a LiteLLM proxy answers it (prices per token).
std::string model_list_responder() {
    return testing::single_quoted_json(
               "{'match':{'method':'GET','path':'^/v1/model/info$'},'repeat':true,") +
           "'json':{'data':[" +
           "{'model_name':'claude-cache','litellm_params':{'model':'anthropic/claude-x'}," +
           "'model_info':{'max_tokens':4096,'max_input_tokens':100000," +
           "'supports_prompt_caching':true,'input_cost_per_token':0.000002," +
           "'output_cost_per_token':0.00001,'cache_creation_input_token_cost':0.0000025," +
           "'cache_read_input_token_cost':0.0000002}}," +
           "{'model_name':'plain','litellm_params':{'model':'openai/plain'}," +
           "'model_info':{'max_tokens':2048,'supports_prompt_caching':false}}," +
           "{'model_name':'gpt-5-mini','litellm_params':{'model':'openai/gpt-5-mini'}," +
           "'model_info':{'max_tokens':128000}}," +
           "{'model_name':'openai/o3-mini','litellm_params':{'model':'openai/o3-mini'}," +
           "'model_info':{'max_tokens':100000}}]}}";
}

// A chat stream answering "ok" with no usage.
std::string short_stream_responder() {
    return "{'match':{'path':'/chat/completions$'},'sse':["
           "{'data':{'choices':[{'delta':{'content':'ok'}}]}},{'data':'[DONE]'}]}";
}

struct Fixture {
    explicit Fixture(const std::string& responders)
        : server(parse("[" + model_list_responder() + "," + responders + "]")) {
        if (!server.listen()) qFatal("replay server did not listen");
        context.http = &http;
    }

    std::unique_ptr<ApiHandler> handler(const std::string& extra_settings) {
        const std::string settings = "{'litellmBaseUrl':'" + server.base_url().toStdString() +
                                     "\"" + (extra_settings.empty() ? "" : ",") + extra_settings +
                                     "}";
        return build_api_handler("litellm", ProviderSettings(parse(settings)), context);
    }

    std::exception_ptr stream(ApiHandler& api, const std::string& messages) {
        Task<void> task =
            api.create_message("sys", parse(messages), ApiHandlerCreateMessageMetadata{}, sink);
        return testing::run_to_end(task);
    }

    // The JSON body of the i-th request.
    OrderedJson body(std::size_t i) const {
        return parse(server.requests().at(i).body.constData());
    }

    testing::ReplayServer server;
    HttpClient http;
    ProviderContext context;
    CollectingSink sink;
};

std::string member(const OrderedJson& object, const char* key) {
    const OrderedJson* value = object.find(key);
    return value == nullptr ? "<absent>" : json::json_stringify(*value);
}

}  // namespace

class TestLiteLlmHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void prompt_cache_marks_the_system_prompt_and_the_last_two_user_messages() {
        Fixture fixture(short_stream_responder());
        auto api = fixture.handler(
            "'litellmApiKey':'sk-lite','litellmModelId':'claude-cache',"
            "'litellmUsePromptCache':true,'modelTemperature':0.5");
        const std::exception_ptr error =
            fixture.stream(*api,
                           "[{'role':'user','content':'first'},{'role':'assistant','content':'a'},"
                           "{'role':'user','content':[{'type':'text','text':'second-1'},"
                           "{'type':'text','text':'second-2'}]},{'role':'assistant','content':'b'},"
                           "{'role':'user','content':'third'}]");
        QCOMPARE(testing::provider_error_text(error), std::string("no error"));

        QCOMPARE(fixture.server.requests().size(), std::size_t(2));
        QCOMPARE(fixture.server.requests()[0].header("authorization"),
                 QByteArray("Bearer sk-lite"));
        const testing::RecordedRequest& chat = fixture.server.requests()[1];
        QCOMPARE(chat.method, QByteArray("POST"));
        QCOMPARE(chat.path, QByteArray("/chat/completions"));
        QCOMPARE(chat.header("authorization"), QByteArray("Bearer sk-lite"));
        const OrderedJson body = fixture.body(1);
        const std::string ephemeral = "'cache_control':{'type':'ephemeral'}";
        // The first user message is not among the last two: it stays a plain string.
        QCOMPARE(member(body, "messages"),
                 testing::single_quoted_json(
                     "[{'role':'system','content':[{'type':'text','text':'sys'," + ephemeral +
                     "}]},{'role':'user','content':'first'},"
                     "{'role':'assistant','content':'a'},{'role':'user','content':["
                     "{'type':'text','text':'second-1'},{'type':'text','text':'second-2'," +
                     ephemeral +
                     "}]},{'role':'assistant','content':'b'},"
                     "{'role':'user','content':[{'type':'text','text':'third'," +
                     ephemeral + "}]}]"));
        QCOMPARE(member(body, "model"), testing::single_quoted_json("'claude-cache'"));
        QCOMPARE(member(body, "stream"), std::string("true"));
        QCOMPARE(member(body, "stream_options"),
                 testing::single_quoted_json("{'include_usage':true}"));
        QCOMPARE(member(body, "max_tokens"), std::string("4096"));
        QCOMPARE(member(body, "max_completion_tokens"), std::string("<absent>"));
        QCOMPARE(member(body, "temperature"), std::string("0.5"));

        QCOMPARE(fixture.sink.chunks.size(), std::size_t(1));
        QCOMPARE(json::json_stringify(fixture.sink.chunks[0]),
                 testing::single_quoted_json("{'type':'text','text':'ok'}"));
    }

    void prompt_cache_needs_a_model_that_supports_it() {
        Fixture fixture(short_stream_responder());
        auto api = fixture.handler("'litellmModelId':'plain','litellmUsePromptCache':true");
        QCOMPARE(testing::provider_error_text(
                     fixture.stream(*api, "[{'role':'user','content':'hello'}]")),
                 std::string("no error"));
        const OrderedJson body = fixture.body(1);
        QCOMPARE(member(body, "messages"),
                 testing::single_quoted_json("[{'role':'system','content':'sys'},"
                                             "{'role':'user','content':'hello'}]"));
        QCOMPARE(member(body, "max_tokens"), std::string("2048"));
        QCOMPARE(member(body, "temperature"), std::string("0"));
    }

    void an_unknown_model_falls_back_to_the_default_model_and_key() {
        Fixture fixture(short_stream_responder());
        auto api = fixture.handler("'litellmModelId':'not-listed','litellmUsePromptCache':true");
        QCOMPARE(testing::provider_error_text(
                     fixture.stream(*api, "[{'role':'user','content':'hello'}]")),
                 std::string("no error"));
        // No litellmApiKey: "dummy-key", for the model list and the chat request.
        QCOMPARE(fixture.server.requests()[0].header("authorization"),
                 QByteArray("Bearer dummy-key"));
        QCOMPARE(fixture.server.requests()[1].header("authorization"),
                 QByteArray("Bearer dummy-key"));
        const OrderedJson body = fixture.body(1);
        QCOMPARE(member(body, "model"),
                 testing::single_quoted_json("'claude-3-7-sonnet-20250219'"));
        // litellmDefaultModelInfo: maxTokens 8192, supportsPromptCache.
        QCOMPARE(member(body, "max_tokens"), std::string("8192"));
        QCOMPARE(member(body, "messages"),
                 testing::single_quoted_json(
                     "[{'role':'system','content':[{'type':'text','text':'sys',"
                     "'cache_control':{'type':'ephemeral'}}]},{'role':'user','content':"
                     "[{'type':'text','text':'hello','cache_control':"
                     "{'type':'ephemeral'}}]}]"));
        QCOMPARE(api->get_model().id, std::string("claude-3-7-sonnet-20250219"));
    }

    void gpt5_models_send_max_completion_tokens() {
        Fixture fixture(short_stream_responder());
        auto api = fixture.handler("'litellmModelId':'gpt-5-mini'");
        QCOMPARE(testing::provider_error_text(
                     fixture.stream(*api, "[{'role':'user','content':'hello'}]")),
                 std::string("no error"));
        const OrderedJson body = fixture.body(1);
        QCOMPARE(member(body, "max_completion_tokens"), std::string("128000"));
        QCOMPARE(member(body, "max_tokens"), std::string("<absent>"));
        QCOMPARE(member(body, "temperature"), std::string("0"));
    }

    void usage_reads_each_cache_token_name_and_prices_it_like_openai() {
        const std::string chat = "{'match':{'path':'/chat/completions$'},'sse':[";
        Fixture fixture(
            chat + "{'data':{'choices':[{'delta':{'role':'assistant','content':''}}]}}," +
            "{'data':{'choices':[{'delta':{'content':'Hel'}}]}}," +
            // An early usage is replaced by the last one.
            "{'data':{'choices':[{'delta':{'content':'lo'}}]," +
            "'usage':{'prompt_tokens':1,'completion_tokens':1}}}," +
            "{'data':{'choices':[],'usage':{'prompt_tokens':1000,'completion_tokens':100," +
            "'cache_creation_input_tokens':0,'prompt_cache_miss_tokens':200," +
            "'prompt_tokens_details':{'cached_tokens':0},'cache_read_input_tokens':300," +
            "'prompt_cache_hit_tokens':999}}},{'data':'[DONE]'}]}," + chat +
            "{'data':{'choices':[],'usage':{'prompt_tokens':50,'completion_tokens':5," +
            "'prompt_cache_hit_tokens':40}}},{'data':'[DONE]'}]}");
        auto api = fixture.handler("'litellmModelId':'claude-cache'");
        QCOMPARE(testing::provider_error_text(
                     fixture.stream(*api, "[{'role':'user','content':'hello'}]")),
                 std::string("no error"));

        QCOMPARE(fixture.sink.chunks.size(), std::size_t(3));
        QCOMPARE(json::json_stringify(fixture.sink.chunks[0]),
                 testing::single_quoted_json("{'type':'text','text':'Hel'}"));
        QCOMPARE(json::json_stringify(fixture.sink.chunks[1]),
                 testing::single_quoted_json("{'type':'text','text':'lo'}"));
        const OrderedJson& usage = fixture.sink.chunks[2];
        QCOMPARE(member(usage, "type"), testing::single_quoted_json("'usage'"));
        QCOMPARE(usage.find("inputTokens")->as_number(), 1000.0);
        QCOMPARE(usage.find("outputTokens")->as_number(), 100.0);
        QCOMPARE(usage.find("cacheWriteTokens")->as_number(), 200.0);
        QCOMPARE(usage.find("cacheReadTokens")->as_number(), 300.0);
        // 500 uncached × $2 + 100 × $10 + 200 × $2.5 + 300 × $0.2, per million.
        QCOMPARE(usage.find("totalCost")->as_number(), 0.00256);

        fixture.sink.chunks.clear();
        QCOMPARE(testing::provider_error_text(
                     fixture.stream(*api, "[{'role':'user','content':'again'}]")),
                 std::string("no error"));
        // The model list is fetched once; the second call uses the cache.
        QCOMPARE(fixture.server.requests().size(), std::size_t(3));
        QCOMPARE(fixture.sink.chunks.size(), std::size_t(1));
        const OrderedJson& second = fixture.sink.chunks[0];
        QCOMPARE(member(second, "cacheWriteTokens"), std::string("<absent>"));
        QCOMPARE(second.find("cacheReadTokens")->as_number(), 40.0);
        // 10 uncached × $2 + 5 × $10 + 40 × $0.2, per million.
        QCOMPARE(second.find("totalCost")->as_number(), 0.000078);
    }

    void stream_failures_are_prefixed_but_model_list_failures_are_not() {
        Fixture fixture(
            "{'match':{'path':'/chat/completions$'},'status':400,"
            "'json':{'error':{'message':'Invalid model name','code':'400'}}}");
        auto api = fixture.handler("'litellmModelId':'plain'");
        QCOMPARE(testing::provider_error_text(
                     fixture.stream(*api, "[{'role':'user','content':'hello'}]")),
                 std::string("Error: LiteLLM streaming error: 400 Invalid model name"));
        QVERIFY(fixture.sink.chunks.empty());

        testing::ReplayServer failing(parse("[{'status':500,'json':{'error':'down'}}]"));
        QVERIFY(failing.listen());
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        auto unreachable =
            build_api_handler("litellm",
                              ProviderSettings(parse("{'litellmBaseUrl':'" +
                                                     failing.base_url().toStdString() + "\"}")),
                              context);
        CollectingSink sink;
        Task<void> task = unreachable->create_message("sys", parse("[]"),
                                                      ApiHandlerCreateMessageMetadata{}, sink);
        QCOMPARE(testing::provider_error_text(testing::run_to_end(task)),
                 std::string("Error: Failed to fetch LiteLLM models: 500 Internal Server Error. "
                             "Check base URL and API key."));
    }

    void complete_prompt_sends_one_user_message_and_returns_the_answer() {
        const std::string chat = "{'match':{'path':'/chat/completions$'},'json':";
        Fixture fixture(
            chat + "{'choices':[{'index':0,'message':{'role':'assistant','content':'answer'}}]}}," +
            chat + "{'choices':[]}}," + "{'match':{'path':'/chat/completions$'},'status':400," +
            "'json':{'error':{'message':'context too long'}}}");
        auto api = fixture.handler("'litellmModelId':'plain','modelTemperature':0.3");
        Task<std::string> first = api->complete_prompt("Summarise this");
        QCOMPARE(testing::provider_error_text(testing::run_to_end(first)), std::string("no error"));
        QCOMPARE(first.result(), std::string("answer"));
        // Not streamed; temperature before max_tokens.
        QCOMPARE(
            json::json_stringify(fixture.body(1)),
            testing::single_quoted_json("{'model':'plain','messages':[{'role':'user','content':"
                                        "'Summarise this'}],'temperature':0.3,'max_tokens':2048}"));

        Task<std::string> empty = api->complete_prompt("again");
        QCOMPARE(testing::provider_error_text(testing::run_to_end(empty)), std::string("no error"));
        QCOMPARE(empty.result(), std::string());

        Task<std::string> failing = api->complete_prompt("too long");
        QCOMPARE(testing::provider_error_text(testing::run_to_end(failing)),
                 std::string("Error: LiteLLM completion error: 400 context too long"));
    }

    void complete_prompt_follows_the_gpt5_and_o3_mini_rules() {
        const std::string answer =
            "{'match':{'path':'/chat/completions$'},'json':"
            "{'choices':[{'message':{'content':'x'}}]}}";
        Fixture fixture(answer + "," + answer);
        auto o3 = fixture.handler("'litellmModelId':'openai/o3-mini','modelTemperature':0.9");
        Task<std::string> first = o3->complete_prompt("hi");
        QCOMPARE(testing::provider_error_text(testing::run_to_end(first)), std::string("no error"));
        // openai/o3-mini* takes no temperature.
        QCOMPARE(json::json_stringify(fixture.body(1)),
                 testing::single_quoted_json("{'model':'openai/o3-mini','messages':[{'role':'user',"
                                             "'content':'hi'}],'max_tokens':100000}"));

        auto gpt5 = fixture.handler("'litellmModelId':'gpt-5-mini'");
        Task<std::string> second = gpt5->complete_prompt("hi");
        QCOMPARE(testing::provider_error_text(testing::run_to_end(second)),
                 std::string("no error"));
        QCOMPARE(json::json_stringify(fixture.body(2)),
                 testing::single_quoted_json(
                     "{'model':'gpt-5-mini','messages':[{'role':'user',"
                     "'content':'hi'}],'temperature':0,'max_completion_tokens':128000}"));
    }
};

QTEST_GUILESS_MAIN(TestLiteLlmHandler)
#include "test_lite_llm_handler.moc"
