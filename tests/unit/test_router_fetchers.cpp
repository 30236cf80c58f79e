// The router providers' model fetchers and the handlers without golden cases: OpenRouter's
// model parsing quirks, the endpoint cache key, Requesty's service URLs, LiteLLM's GPT-5
// detection and failure messages, getModels' memory cache, and UnboundHandler on the wire.
#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include "api_handler.h"
#include "chunk_collector.h"
#include "lite_llm_handler.h"
#include "litellm.h"
#include "model_cache.h"
#include "model_endpoint_cache.h"
#include "openrouter.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "provider_test_helpers.h"
#include "replay_server.h"
#include "requesty_service_url.h"
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

std::string message_of(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const ProviderError& thrown) {
        return thrown.message();
    } catch (...) {
        return "not a ProviderError";
    }
}

}  // namespace

class TestRouterFetchers : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void open_router_models_keep_the_reference_overrides() {
        const OrderedJson model = parse(R"({"context_length":200000,"pricing":{"prompt":"0.000003",
            "completion":"0.000015","input_cache_read":"0.0000003"}})");
        const OrderedJson parameters = parse(R"(["reasoning","tools","max_tokens"])");
        const ModelInfo sonnet = parse_open_router_model("anthropic/claude-3.7-sonnet", model,
                                                         nullptr, nullptr, nullptr, &parameters);
        QCOMPARE(sonnet.number("maxTokens"), std::optional<double>(8192));
        QCOMPARE(sonnet.boolean("supportsReasoningBudget"), std::optional<bool>(false));
        QCOMPARE(sonnet.boolean("supportsReasoningEffort"), std::optional<bool>(false));
        QCOMPARE(sonnet.boolean("supportsPromptCache"), std::optional<bool>(true));
        QCOMPARE(json::json_stringify(*sonnet.value("supportedParameters")),
                 std::string(R"(["reasoning","max_tokens"])"));

        // No max_completion_tokens: a fifth of the context; no cache read price: no caching.
        const OrderedJson plain =
            parse(R"({"context_length":100001,"pricing":{"prompt":"0.000001"}})");
        const ModelInfo other =
            parse_open_router_model("some/model", plain, nullptr, nullptr, nullptr, nullptr);
        QCOMPARE(other.number("maxTokens"), std::optional<double>(20001));
        QCOMPARE(other.boolean("supportsPromptCache"), std::optional<bool>(false));
        QVERIFY(other.value("supportsReasoningEffort") == nullptr);
        QCOMPARE(other.number("inputPrice"), std::optional<double>(1));
    }

    void endpoint_cache_keys_are_sanitised_file_names() {
        QCOMPARE(sanitize_filename("openrouter_anthropic/claude-3.7-sonnet:thinking"),
                 std::string("openrouter_anthropicclaude-3.7-sonnetthinking"));
        QCOMPARE(sanitize_filename("con.txt"), std::string());
        QCOMPARE(sanitize_filename("name. "), std::string("name"));
    }

    void requesty_service_urls() {
        QCOMPARE(to_requesty_service_url(std::nullopt),
                 std::string("https://router.requesty.ai/v1"));
        QCOMPARE(to_requesty_service_url(std::string("  ")),
                 std::string("https://router.requesty.ai/v1"));
        QCOMPARE(to_requesty_service_url(std::string("not a url")),
                 std::string("https://router.requesty.ai/v1"));
        QCOMPARE(to_requesty_service_url(std::string("https://router.example.com")),
                 std::string("https://router.example.com/"));
        QCOMPARE(to_requesty_service_url(std::string("https://router.requesty.ai/v1"), "app"),
                 std::string("https://app.requesty.ai/"));
    }

    void lite_llm_gpt5_detection() {
        QVERIFY(is_gpt5_model_id("gpt-5"));
        QVERIFY(is_gpt5_model_id("openai/GPT5-preview"));
        QVERIFY(is_gpt5_model_id("gpt-5.1"));
        QVERIFY(is_gpt5_model_id("gpt-5o"));
        QVERIFY(!is_gpt5_model_id("gpt-50"));
        QVERIFY(!is_gpt5_model_id("mygpt-5"));
    }

    void lite_llm_fetch_failures_name_the_cause() {
        testing::ReplayServer server(parse(R"([{"status":500,"json":{"error":"boom"}}])"));
        QVERIFY(server.listen());
        HttpClient http;
        Task<ModelRecord> failing =
            get_lite_llm_models(http, "key", server.base_url().toStdString());
        QCOMPARE(message_of(testing::run_to_end(failing)),
                 std::string("Failed to fetch LiteLLM models: 500 Internal Server Error. Check "
                             "base URL and API key."));
        QCOMPARE(server.requests().at(0).path, QByteArray("/v1/model/info"));

        Task<ModelRecord> refused = get_lite_llm_models(
            http, "", "http://127.0.0.1:" + std::to_string(testing::closed_port()) + "//proxy//");
        QCOMPARE(message_of(testing::run_to_end(refused)),
                 std::string("Failed to fetch LiteLLM models: No response from server. Check "
                             "LiteLLM server status and base URL."));
    }

    void get_models_answers_from_the_cache_for_five_minutes() {
        testing::ReplayServer server(parse(R"([{"repeat":true,"json":{"data":[
            {"model_name":"m","litellm_params":{"model":"openai/m"},"model_info":{}}]}}])"));
        QVERIFY(server.listen());
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        const GetModelsOptions options{"litellm", std::string("k"),
                                       server.base_url().toStdString()};
        for (int i = 0; i < 2; ++i) {
            Task<ModelRecord> task = get_models(options, context);
            QVERIFY(!testing::run_to_end(task));
            const ModelRecord models = task.result();
            QCOMPARE(models.size(), std::size_t(1));
            QCOMPARE(models.at("m").number("maxTokens"), std::optional<double>(8192));
            QCOMPARE(models.at("m").string("description"),
                     std::optional<std::string>("m via LiteLLM proxy"));
        }
        QCOMPARE(server.requests().size(), std::size_t(1));
        flush_models("litellm", context);
        Task<ModelRecord> again = get_models(options, context);
        QVERIFY(!testing::run_to_end(again));
        QCOMPARE(server.requests().size(), std::size_t(2));
    }

    void unbound_streams_with_its_metadata() {
        testing::ReplayServer server(parse(R"([
          {"match":{"method":"GET","path":"^/models$"},"json":{
            "anthropic/claude-x":{"maxTokens":"64000","contextWindow":"200000",
              "supportsPromptCaching":true,"inputTokenPrice":"3","outputTokenPrice":"15"}}},
          {"match":{"path":"/v1/chat/completions$"},"sse":[
            {"data":{"choices":[{"delta":{"content":"Hi"}}]}},
            {"data":{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,
              "cache_read_input_tokens":4}}},
            {"data":"[DONE]"}]}])"));
        QVERIFY(server.listen());
        HttpClient http;
        http.add_host_rewrite(QStringLiteral("https://api.getunbound.ai"),
                              QString::fromLatin1(server.base_url()));
        ProviderContext context;
        context.http = &http;
        ProviderSettings settings(
            parse(R"({"unboundApiKey":"ub-key","unboundModelId":"anthropic/claude-x"})"));
        std::unique_ptr<ApiHandler> handler = build_api_handler("unbound", settings, context);
        testing::ChunkCollector sink;
        ApiHandlerCreateMessageMetadata metadata;
        metadata.task_id = "task-1";
        metadata.mode = "code";
        Task<void> task = handler->create_message(
            "sys", parse(R"([{"role":"user","content":"hello"}])"), metadata, sink);
        QVERIFY(!testing::run_to_end(task));

        QCOMPARE(sink.chunks.size(), std::size_t(2));
        QCOMPARE(json::json_stringify(sink.chunks[0]),
                 std::string(R"({"type":"text","text":"Hi"})"));
        QCOMPARE(json::json_stringify(sink.chunks[1]),
                 std::string(
                     R"({"type":"usage","inputTokens":10,"outputTokens":2,"cacheReadTokens":4})"));

        QCOMPARE(server.requests().size(), std::size_t(2));
        QCOMPARE(server.requests()[0].header("authorization"), QByteArray("Bearer ub-key"));
        const testing::RecordedRequest& chat = server.requests()[1];
        QCOMPARE(chat.header("x-unbound-metadata"),
                 QByteArray(R"({"labels":[{"key":"app","value":"roo-code"}]})"));
        const OrderedJson body = parse(chat.body.constData());
        QCOMPARE(body.find("model")->as_string(), std::string("claude-x"));
        // Anthropic models get 8192 max tokens, whatever the list says.
        QCOMPARE(body.find("max_tokens")->as_number(), 8192.0);
        QCOMPARE(json::json_stringify(*body.find("unbound_metadata")),
                 std::string(R"({"originApp":"roo-code","taskId":"task-1","mode":"code"})"));
        QCOMPARE(body.find("temperature")->as_number(), 0.0);
        // Cache markers: the system prompt and the last user message.
        QCOMPARE(json::json_stringify(*body.find("messages")),
                 std::string(
                     R"([{"role":"system","content":[{"type":"text","text":"sys",)"
                     R"("cache_control":{"type":"ephemeral"}}]},{"role":"user","content":)"
                     R"([{"type":"text","text":"hello","cache_control":{"type":"ephemeral"}}]}])"));
        QCOMPARE(handler->get_model().info.number("contextWindow"), std::optional<double>(200000));
    }

    void unbound_model_list_failures_are_rethrown() {
        testing::ReplayServer server(parse(R"([{"status":401,"json":{"error":"no"}}])"));
        QVERIFY(server.listen());
        HttpClient http;
        http.add_host_rewrite(QStringLiteral("https://api.getunbound.ai"),
                              QString::fromLatin1(server.base_url()));
        ProviderContext context;
        context.http = &http;
        std::unique_ptr<ApiHandler> handler =
            build_api_handler("unbound", ProviderSettings(parse("{}")), context);
        Task<std::string> task = handler->complete_prompt("hi");
        QCOMPARE(
            message_of(testing::run_to_end(task)),
            std::string("Failed to fetch Unbound models: Request failed with status code 401"));
        QCOMPARE(server.requests().at(0).header("authorization"),
                 QByteArray("Bearer not-provided"));
    }
};

QTEST_GUILESS_MAIN(TestRouterFetchers)
#include "test_router_fetchers.moc"
