// GeminiHandler and the @google/genai request/stream emulation beyond the golden cases: the SDK's
// request validation, tier-aware cost, grounding sources, errors found inside a stream, and the
// token client's retries.

#include <QFile>
#include <QTest>
#include <QTimer>

#include <functional>

#include "gemini_handler.h"
#include "genai_request.h"
#include "golden_case.h"
#include "google_auth_client.h"
#include "ordered_json.h"
#include "provider_test_helpers.h"
#include "replay_server.h"
#include "run_task.h"
#include "vertex_handler.h"

using namespace lapce_ai::providers;
using lapce_ai::json::OrderedJson;

namespace {

OrderedJson parse(std::string_view text) {
    return *lapce_ai::json::parse_ordered_json(text);
}

std::string error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ProviderError& error) {
        return error.message();
    }
    return "no error";
}

class CollectingSink : public ChunkSink {
  public:
    void on_chunk(ApiStreamChunk chunk) override { chunks.push_back(std::move(chunk)); }
    std::vector<ApiStreamChunk> chunks;
};

// Runs the task to its end on this thread; the error message, or "" when it succeeded.
template <typename T>
std::string run(Task<T>& task) {
    bool done = false;
    const std::exception_ptr thrown = lapce_ai::testing::run_task(task, 20000, done);
    if (!done) return "timed out";
    if (!thrown) return "";
    try {
        std::rethrow_exception(thrown);
    } catch (const ProviderError& error) {
        return error.message();
    } catch (...) {
        return "not a ProviderError";
    }
}

const OrderedJson kMessages = parse(R"([{"role":"user","content":"hi"}])");

}  // namespace

class TestGeminiHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void model_resources_follow_t_model() {
        QCOMPARE(genai_model_resource("gemini-2.5-flash", false),
                 std::string("models/gemini-2.5-flash"));
        QCOMPARE(genai_model_resource("tunedModels/x", false), std::string("tunedModels/x"));
        QCOMPARE(genai_model_resource("gemini-2.5-flash", true),
                 std::string("publishers/google/models/gemini-2.5-flash"));
        QCOMPARE(genai_model_resource("meta/llama/x", true),
                 std::string("publishers/meta/models/llama"));
    }

    void request_body_picks_known_fields_in_sdk_order() {
        GenerateContentConfig config;
        config.system_instruction = "sys";
        config.temperature = 0.5;
        config.thinking_config = parse(R"({"thinkingBudget":128,"includeThoughts":true})");
        const OrderedJson contents = parse(
            R"([{"role":"user","parts":[{"text":"a","extra":1},{"text":null,"inlineData":{"mimeType":"image/png","data":"AA=="}}]}])");
        const OrderedJson body = generate_content_body(contents, config, false);
        QCOMPARE(
            lapce_ai::json::json_stringify(body),
            std::string(
                R"({"contents":[{"parts":[{"text":"a"},{"inlineData":{"data":"AA==","mimeType":"image/png"}}],"role":"user"}],)"
                R"("systemInstruction":{"parts":[{"text":"sys"}],"role":"user"},)"
                R"("generationConfig":{"temperature":0.5,"thinkingConfig":{"includeThoughts":true,"thinkingBudget":128}}})"));
    }

    void request_validation_throws_the_sdk_errors() {
        GenerateContentConfig config;
        QCOMPARE(error_of([&] { generate_content_body(parse("[]"), config, false); }),
                 std::string("contents are required"));
        config.tools = parse(R"([{"urlContext":{}}])");
        QCOMPARE(error_of([&] {
                     generate_content_body(parse(R"([{"role":"user","parts":[]}])"), config, true);
                 }),
                 std::string("urlContext parameter is not supported in Vertex AI."));
        QCOMPARE(error_of([&] {
                     count_tokens_body(parse(R"([{"functionCall":{"name":"x","args":{}}}])"),
                                       false);
                 }),
                 std::string("To specify functionCall or functionResponse parts, please wrap them, "
                             "and any other parts, in Content objects as appropriate, specifying "
                             "the role for them"));
        // Parts alone become one user content.
        QCOMPARE(
            lapce_ai::json::json_stringify(count_tokens_body(parse(R"([{"text":"x"}])"), false)),
            std::string(R"({"contents":[{"parts":[{"text":"x"}],"role":"user"}]})"));
    }

    void cost_uses_the_first_tier_that_fits() {
        const ModelInfo info(parse(
            R"({"inputPrice":2.5,"outputPrice":15,"cacheReadsPrice":0.625,"tiers":[{"contextWindow":200000,"inputPrice":1.25,"outputPrice":10,"cacheReadsPrice":0.31},{"contextWindow":1e400,"inputPrice":2.5,"outputPrice":15,"cacheReadsPrice":0.625}]})"));
        const auto small = GeminiHandler::calculate_cost({info, 100000, 1000000, {}});
        QVERIFY(small.has_value());
        QCOMPARE(*small, 1.25 * 0.1 + 10);
        const auto large = GeminiHandler::calculate_cost({info, 2000000, 0, 1000000});
        QCOMPARE(*large, 2.5 * 1 + 0 + 0.625 * 1);
        const ModelInfo free_model(parse(R"({"inputPrice":0,"outputPrice":0})"));
        QVERIFY(!GeminiHandler::calculate_cost({free_model, 10, 10, {}}).has_value());
    }

    void grounding_sources_and_response_text() {
        const OrderedJson metadata = parse(
            R"({"groundingChunks":[{"web":{"uri":"u1","title":"T"}},{"web":{"title":"no uri"}},{"web":{"uri":"u2"}}]})");
        const std::vector<GroundingSource> sources = extract_grounding_sources(&metadata);
        QCOMPARE(sources.size(), std::size_t(2));
        QCOMPARE(sources[0].title, std::string("T"));
        QCOMPARE(sources[1].title, std::string("u2"));
        const OrderedJson bad = parse(R"({"groundingChunks":{}})");
        QCOMPARE(error_of([&] { extract_grounding_sources(&bad); }),
                 std::string("chunks.map is not a function"));

        QCOMPARE(
            genai_response_text(parse(
                R"({"candidates":[{"content":{"parts":[{"text":"think","thought":true},{"text":"a"},{"text":"b"}]}}]})")),
            std::optional<std::string>("ab"));
        QVERIFY(!genai_response_text(parse(R"({"candidates":[{"content":{"parts":[]}}]})")));
    }

    void an_error_object_read_from_the_stream_is_thrown() {
        lapce_ai::testing::ReplayServer server(
            parse("[{\"raw\":\"{\\\"error\\\":{\\\"code\\\":503,\\\"message\\\":\\\"overloaded\\\","
                  "\\\"status\\\":\\\"UNAVAILABLE\\\"}}\"}]"));
        QVERIFY(server.listen());
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        context.environment = [](std::string_view) { return std::optional<std::string>(); };
        ProviderSettings settings(OrderedJson::object(
            {{"geminiApiKey", OrderedJson::string("k")},
             {"googleGeminiBaseUrl", OrderedJson::string(server.base_url().toStdString())}}));
        GeminiHandler handler(settings, context);
        CollectingSink sink;
        Task<void> task = handler.create_message("sys", kMessages, {}, sink);
        QCOMPARE(
            run(task),
            std::string("Gemini generate context stream error: got status: UNAVAILABLE. "
                        R"({"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}})"));
    }

    void a_rest_that_is_no_event_ends_the_stream_with_an_error() {
        lapce_ai::testing::ReplayServer server(
            parse("[{\"raw\":\"data: "
                  "{\\\"candidates\\\":[{\\\"content\\\":{\\\"parts\\\":[{\\\"text\\\":\\\"hi\\\"}]"
                  "}}]}\\n\\nevent: x\\n\\n\"}]"));
        QVERIFY(server.listen());
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        context.environment = [](std::string_view) { return std::optional<std::string>(); };
        ProviderSettings settings(OrderedJson::object(
            {{"googleGeminiBaseUrl", OrderedJson::string(server.base_url().toStdString())}}));
        GeminiHandler handler(settings, context);
        CollectingSink sink;
        Task<void> task = handler.create_message("sys", kMessages, {}, sink);
        QCOMPARE(run(task), std::string("Gemini generate context stream error: Incomplete JSON "
                                        "segment at the end"));
        QCOMPARE(sink.chunks.size(), std::size_t(1));
        QCOMPARE(sink.chunks[0].text, std::string("hi"));
        QCOMPARE(server.requests().front().header("x-goog-api-key"), QByteArray("not-provided"));
    }

    void the_token_request_is_retried_on_server_errors() {
        lapce_ai::testing::ReplayServer server(parse(
            R"([{"match":{"path":"token"},"status":503,"json":{}},
                {"match":{"path":"token"},"json":{"access_token":"tok","expires_in":3600}},
                {"match":{"path":"streamGenerateContent"},"sse":[{"data":{"candidates":[{"content":{"parts":[{"text":"ok"}]}}]}}]}])"));
        QVERIFY(server.listen());
        HttpClient http;
        const QString base = QString::fromLatin1(server.base_url());
        http.add_host_rewrite(QStringLiteral("https://www.googleapis.com"), base);
        http.add_host_rewrite(QStringLiteral("https://r1-aiplatform.googleapis.com"), base);
        ProviderContext context;
        context.http = &http;
        context.environment = [](std::string_view) { return std::optional<std::string>(); };
        if (lapce_ai::parity::golden_dir().isEmpty()) QSKIP("golden data (the test key) not found");
        QFile key(lapce_ai::parity::golden_dir() +
                  QStringLiteral("/providers/vertex/gemini_basic_stream.json"));
        QVERIFY(key.open(QIODevice::ReadOnly));
        const OrderedJson golden = parse(key.readAll().toStdString());
        OrderedJson settings_json = OrderedJson::object({});
        settings_json.set("vertexJsonCredentials",
                          *golden.find("settings")->find("vertexJsonCredentials"));
        settings_json.set("vertexProjectId", OrderedJson::string("p"));
        settings_json.set("vertexRegion", OrderedJson::string("r1"));
        settings_json.set("apiModelId", OrderedJson::string("gemini-2.5-flash"));
        VertexHandler handler(ProviderSettings(settings_json), context);
        CollectingSink sink;
        Task<void> task = handler.create_message("sys", kMessages, {}, sink);
        QCOMPARE(run(task), std::string());
        QCOMPARE(server.requests().size(), std::size_t(3));
        QCOMPARE(server.requests()[2].path,
                 QByteArray("/v1beta1/projects/p/locations/r1/publishers/google/models/"
                            "gemini-2.5-flash:streamGenerateContent?alt=sse"));
        QCOMPARE(server.requests()[2].header("authorization"), QByteArray("Bearer tok"));
        // The token is reused while it is valid.
        Task<void> again = handler.create_message("sys", kMessages, {}, sink);
        run(again);
        QCOMPARE(server.requests().size(), std::size_t(4));
    }

    // extractGroundingSources: `chunk.web?.uri` on a null chunk is a TypeError.
    void a_null_grounding_chunk_is_a_type_error() {
        const OrderedJson metadata =
            parse("{\"groundingChunks\":[{\"web\":{\"uri\":\"u1\"}},null]}");
        QCOMPARE(error_of([&] { extract_grounding_sources(&metadata); }),
                 std::string("Cannot read properties of null (reading 'web')"));
    }

    // countTokens asks models.countTokens for the model with the content as one user content, at
    // the SDK's host: googleGeminiBaseUrl is only passed to generateContentStream.
    void count_tokens_returns_the_total_tokens_of_the_count_tokens_call() {
        lapce_ai::testing::ReplayServer server(
            parse("[{\"match\":{\"path\":\"countTokens\"},\"json\":{\"totalTokens\":42}}]"));
        QVERIFY(server.listen());
        HttpClient http;
        // models.countTokens gets no httpOptions: it goes to the SDK's default host.
        http.add_host_rewrite(QStringLiteral("https://generativelanguage.googleapis.com"),
                              QString::fromLatin1(server.base_url()));
        ProviderContext context;
        context.http = &http;
        context.environment = [](std::string_view) { return std::optional<std::string>(); };
        ProviderSettings settings(OrderedJson::object(
            {{"geminiApiKey", OrderedJson::string("k")},
             {"apiModelId", OrderedJson::string("gemini-2.5-flash")},
             {"googleGeminiBaseUrl",
              OrderedJson::string("http://127.0.0.1:" +
                                  std::to_string(lapce_ai::testing::closed_port()))}}));
        GeminiHandler handler(settings, context);
        Task<double> task = handler.count_tokens(parse("[{\"type\":\"text\",\"text\":\"Hello\"}]"));
        QCOMPARE(run(task), std::string());
        QCOMPARE(task.result(), 42.0);
        QCOMPARE(server.requests().size(), std::size_t(1));
        QCOMPARE(server.requests()[0].path,
                 QByteArray("/v1beta/models/gemini-2.5-flash:countTokens"));
        QCOMPARE(
            server.requests()[0].body,
            QByteArray("{\"contents\":[{\"parts\":[{\"text\":\"Hello\"}],\"role\":\"user\"}]}"));
        QCOMPARE(server.requests()[0].header("x-goog-api-key"), QByteArray("k"));
    }

    // A failed count, or one without totalTokens, falls back to BaseProvider.countTokens
    // (tiktoken o200k: "Hello" is one token, times the 1.5 fudge factor, rounded up).
    void count_tokens_falls_back_to_tiktoken_when_the_call_fails_or_has_no_total() {
        lapce_ai::testing::ReplayServer server(
            parse("[{\"status\":500,\"json\":{\"error\":{\"code\":500,\"message\":\"x\"}}},"
                  "{\"json\":{}}]"));
        QVERIFY(server.listen());
        HttpClient http;
        // models.countTokens gets no httpOptions: it goes to the SDK's default host.
        http.add_host_rewrite(QStringLiteral("https://generativelanguage.googleapis.com"),
                              QString::fromLatin1(server.base_url()));
        ProviderContext context;
        context.http = &http;
        context.environment = [](std::string_view) { return std::optional<std::string>(); };
        GeminiHandler handler(ProviderSettings(OrderedJson::object({})), context);
        const OrderedJson content = parse("[{\"type\":\"text\",\"text\":\"Hello\"}]");
        Task<double> failed = handler.count_tokens(content);
        QCOMPARE(run(failed), std::string());
        QCOMPARE(failed.result(), 2.0);
        Task<double> no_total = handler.count_tokens(content);
        QCOMPARE(run(no_total), std::string());
        QCOMPARE(no_total.result(), 2.0);
        QCOMPARE(server.requests().size(), std::size_t(2));
    }

    // Vertex without JSON credentials or a key file: google-auth-library's Application Default
    // Credentials, which fail when none are configured; a vertexKeyFile that does not exist fails
    // with Node's fs error. createMessage wraps both in its stream error.
    void vertex_credentials_come_from_the_key_file_or_application_defaults() {
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        context.environment = [](std::string_view) { return std::optional<std::string>(); };
        VertexHandler adc(ProviderSettings(OrderedJson::object(
                              {{"vertexProjectId", OrderedJson::string("p")},
                               {"vertexRegion", OrderedJson::string("r1")},
                               {"apiModelId", OrderedJson::string("gemini-2.5-flash")}})),
                          context);
        CollectingSink sink;
        Task<void> no_adc = adc.create_message("sys", kMessages, {}, sink);
        QCOMPARE(run(no_adc),
                 std::string("Gemini generate context stream error: Could not load the default "
                             "credentials. Browse to "
                             "https://cloud.google.com/docs/authentication/getting-started for "
                             "more information."));

        VertexHandler key_file(ProviderSettings(OrderedJson::object(
                                   {{"vertexKeyFile", OrderedJson::string("/nonexistent/key.json")},
                                    {"vertexProjectId", OrderedJson::string("p")},
                                    {"vertexRegion", OrderedJson::string("r1")},
                                    {"apiModelId", OrderedJson::string("gemini-2.5-flash")}})),
                               context);
        Task<void> missing = key_file.create_message("sys", kMessages, {}, sink);
        QCOMPARE(run(missing), std::string("Gemini generate context stream error: ENOENT: no such "
                                           "file or directory, open '/nonexistent/key.json'"));
        QVERIFY(sink.chunks.empty());
    }
};

QTEST_GUILESS_MAIN(TestGeminiHandler)
#include "test_gemini_handler.moc"
