// OpenAiNativeHandler beyond the golden cases: the Responses input format, usage at service-tier
// prices, the raw fetch fallback's own event handling and retry, continuity suppression, the
// request options (tier, store) and completePrompt.
#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include "api_handler.h"
#include "model_tables.h"
#include "openai_native_handler.h"
#include "openai_native_input.h"
#include "openai_native_usage.h"
#include "ordered_json.h"
#include "replay_server.h"
#include "run_task.h"
#include "test_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::OrderedJson;

namespace {

OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

std::string compact(const OrderedJson& value) {
    return json::json_stringify(value);
}

template <typename T>
std::exception_ptr run(Task<T>& task) {
    bool finished = false;
    std::exception_ptr error = lapce_ai::testing::run_task(task, 20'000, finished);
    if (!finished) qFatal("task did not finish");
    return error;
}

std::string error_message(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const ProviderError& thrown) {
        return thrown.message();
    }
}

class CollectingSink : public ChunkSink {
  public:
    void on_chunk(ApiStreamChunk chunk) override { chunks.push_back(to_json(chunk)); }
    std::string joined() const {
        std::string text;
        for (const OrderedJson& chunk : chunks) text += compact(chunk) + "\n";
        return text;
    }
    std::vector<OrderedJson> chunks;
};

// A raw body of `data: ` lines (and any other lines as given).
OrderedJson raw_responder(const std::string& path, const std::vector<std::string>& lines) {
    std::string body;
    for (const std::string& line : lines) body += line + "\n";
    OrderedJson responder = parse(R"({"match":{"path":")" + path +
                                  R"("},"headers":{"content-type":"text/event-stream"}})");
    responder.set("raw", OrderedJson::string(body));
    return responder;
}

struct Fixture {
    explicit Fixture(OrderedJson responders, const std::string& extra_settings = "")
        : server(std::move(responders)) {
        if (!server.listen()) qFatal("cannot listen");
        context.http = &http;
        context.environment = [](std::string_view) { return std::optional<std::string>(); };
        settings =
            ProviderSettings(parse(R"({"openAiNativeApiKey":"sk-test","openAiNativeBaseUrl":")" +
                                   server.base_url().toStdString() + "\"" + extra_settings + "}"));
        handler = std::make_unique<OpenAiNativeHandler>(settings, context);
    }

    OrderedJson body(std::size_t index) const {
        return parse(server.requests().at(index).body.toStdString());
    }

    testing::ReplayServer server;
    HttpClient http;
    ProviderContext context;
    ProviderSettings settings;
    std::unique_ptr<OpenAiNativeHandler> handler;
};

const char* const kConversation = R"([
  {"role":"user","content":"first"},
  {"role":"assistant","content":"answer"},
  {"role":"user","content":[{"type":"text","text":"second"}]}
])";

const char* const kUnauthorized =
    R"({"match":{"path":"^/responses$"},"status":401,"json":{"error":{"message":"bad key"}}})";

}  // namespace

class TestOpenAiNativeHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void the_input_is_structured_by_role() {
        const OrderedJson messages = parse(R"([
          {"role":"user","content":[{"type":"text","text":"look"},
            {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAA"}},
            {"type":"tool_result","tool_use_id":"x","content":"skipped"}]},
          {"role":"assistant","content":[{"type":"text","text":"seen"}]},
          {"role":"assistant","content":[]},
          {"role":"user","content":"plain"}
        ])");
        QCOMPARE(
            compact(format_full_conversation(messages)),
            std::string(R"([{"role":"user","content":[{"type":"input_text","text":"look"},)"
                        R"({"type":"input_image","image_url":"data:image/png;base64,AAA"}]},)"
                        R"({"role":"assistant","content":[{"type":"output_text","text":"seen"}]},)"
                        R"({"role":"user","content":[{"type":"input_text","text":"plain"}]}])"));
        // A single message is always input_text; one without text or images is left out.
        QCOMPARE(
            compact(
                *format_single_structured_message(parse(R"({"role":"assistant","content":"x"})"))),
            std::string(R"({"role":"assistant","content":[{"type":"input_text","text":"x"}]})"));
        QVERIFY(!format_single_structured_message(parse(R"({"role":"user","content":[]})")));
    }

    void usage_is_priced_at_the_service_tier() {
        const ModelInfo info = *find_model_info("openai-native", "gpt-5-2025-08-07");
        const OrderedJson usage = parse(
            R"({"input_tokens":1000,"output_tokens":100,"input_tokens_details":{"cached_tokens":200}})");
        const ApiStreamUsage flex = *normalize_usage(&usage, info, std::string("flex"));
        QCOMPARE(flex.input_tokens, 1000.0);
        QCOMPARE(*flex.cache_read_tokens, 200.0);
        QCOMPARE(*flex.cache_write_tokens, 0.0);
        QVERIFY(!flex.reasoning_tokens);
        QCOMPARE(*flex.total_cost, 200 * 0.0625 / 1e6 + 800 * 0.625 / 1e6 + 100 * 5.0 / 1e6);
        const ApiStreamUsage standard = *normalize_usage(&usage, info, std::string("auto"));
        QCOMPARE(*standard.total_cost, 200 * 0.13 / 1e6 + 800 * 1.25 / 1e6 + 100 * 10.0 / 1e6);
        // Missing totals are derived from the details; Chat Completions names work too.
        const OrderedJson derived = parse(
            R"({"prompt_tokens_details":{"cached_tokens":30,"cache_miss_tokens":70},"completion_tokens":5})");
        const ApiStreamUsage from_details = *normalize_usage(&derived, info, std::nullopt);
        QCOMPARE(from_details.input_tokens, 100.0);
        QCOMPARE(from_details.output_tokens, 5.0);
        const OrderedJson null_usage;
        QVERIFY(!normalize_usage(&null_usage, info, std::nullopt));
    }

    void the_fetch_fallback_reads_its_own_event_kinds() {
        OrderedJson responders = OrderedJson::array({parse(kUnauthorized)});
        responders.push_back(raw_responder(
            "^/v1/responses$",
            {R"(event: response.created)",
             R"(data: {"type":"response.created","response":{"id":"resp_1","output":[],"service_tier":"flex"}})",
             "",
             R"(data: {"type":"response.content_part.added","part":{"type":"text","text":"A"}})",
             R"(data: {"type":"response.audio_transcript.delta","delta":"B"})",
             R"(data: {"type":"response.output_item.done","item":{"text":"quiet"}})",
             R"(data: {"type":"vendor.event","item":{"text":"C"}})",
             R"(data: {"type":"response.output_text.delta","delta":"D"}  )", R"(data: not json)",
             R"({"text":"E"})", R"(: comment {"text":"no"})",
             R"(data: {"type":"response.completed","response":{"id":"resp_1","usage":{"input_tokens":10,"output_tokens":2}}})",
             R"(data: [DONE])"}));
        Fixture fixture(responders, R"(,"apiModelId":"gpt-5-2025-08-07")");
        CollectingSink sink;
        Task<void> task = fixture.handler->create_message(
            "sys", parse(R"([{"role":"user","content":"hi"}])"), {}, sink);
        QVERIFY(!run(task));
        QCOMPARE(fixture.server.requests().size(), std::size_t(2));
        QCOMPARE(fixture.server.requests()[1].header("accept"), QByteArray("text/event-stream"));
        QCOMPARE(fixture.server.requests()[1].header("authorization"),
                 QByteArray("Bearer sk-test"));
        QCOMPARE(fixture.server.requests()[1].body, fixture.server.requests()[0].body);
        // calculateApiCostOpenAI at the flex prices, in its order of operations
        const double flex_cost = 0.0 + 0.0 + (0.625 / 1e6) * 10 + (5.0 / 1e6) * 2;
        const std::string expected =
            R"({"type":"text","text":"A"})"
            "\n"
            R"({"type":"text","text":"B"})"
            "\n"
            R"({"type":"text","text":"C"})"
            "\n"
            R"({"type":"text","text":"D"})"
            "\n"
            R"({"type":"text","text":"E"})"
            "\n"
            R"({"type":"usage","inputTokens":10,"outputTokens":2,"cacheWriteTokens":0,"cacheReadTokens":0,"totalCost":)" +
            json::js_number_to_string(flex_cost) + "}\n";
        QCOMPARE(sink.joined(), expected);
        QCOMPARE(fixture.handler->get_last_response_id().value_or(""), std::string("resp_1"));
    }

    void fallback_stream_errors_are_reported_with_context() {
        OrderedJson responders = OrderedJson::array({parse(kUnauthorized)});
        responders.push_back(raw_responder(
            "^/v1/responses$", {R"(data: {"type":"response.output_text.delta","delta":"x"})",
                                R"(data: {"type":"error","message":"boom"})"}));
        responders.push_back(parse(kUnauthorized));
        responders.push_back(raw_responder(
            "^/v1/responses$", {R"(data: {"type":"response.failed","error":{"message":"bad"}})"}));
        Fixture fixture(responders);
        const OrderedJson messages = parse(R"([{"role":"user","content":"hi"}])");

        CollectingSink first;
        Task<void> api_error = fixture.handler->create_message("sys", messages, {}, first);
        const std::exception_ptr thrown = run(api_error);
        QVERIFY(thrown);
        QCOMPARE(error_message(thrown),
                 std::string("Error processing response stream: Responses API error: boom"));
        QCOMPARE(first.chunks.size(), std::size_t(1));

        CollectingSink second;
        Task<void> failed = fixture.handler->create_message("sys", messages, {}, second);
        const std::exception_ptr failure = run(failed);
        QVERIFY(failure);
        QCOMPARE(error_message(failure),
                 std::string("Failed to connect to Responses API: Error processing response "
                             "stream: Response failed: bad"));
    }

    void the_fallback_retries_without_an_unknown_previous_response() {
        OrderedJson responders = OrderedJson::array({parse(kUnauthorized)});
        responders.push_back(parse(
            R"({"match":{"path":"^/v1/responses$"},"status":400,"json":{"error":{"message":"Previous response with id 'resp_old' not found."}}})"));
        responders.push_back(raw_responder(
            "^/v1/responses$", {R"(data: {"type":"response.output_text.delta","delta":"ok"})"}));
        Fixture fixture(responders);
        ApiHandlerCreateMessageMetadata metadata;
        metadata.previous_response_id = "resp_old";
        CollectingSink sink;
        Task<void> task =
            fixture.handler->create_message("sys", parse(kConversation), metadata, sink);
        QVERIFY(!run(task));
        QCOMPARE(fixture.server.requests().size(), std::size_t(3));
        const OrderedJson sent = fixture.body(1);
        QCOMPARE(compact(*sent.find("previous_response_id")), std::string(R"("resp_old")"));
        QCOMPARE(sent.find("input")->items().size(), std::size_t(1));
        const OrderedJson retried = fixture.body(2);
        QVERIFY(!retried.find("previous_response_id"));
        QCOMPARE(retried.find("input")->items().size(), std::size_t(3));
        QCOMPARE(sink.chunks.size(), std::size_t(1));
    }

    void suppression_forgets_the_chain_and_options_shape_the_body() {
        OrderedJson responders = OrderedJson::array({raw_responder(
            "^/responses$", {R"(data: {"type":"response.output_text.delta","delta":"ok"})"})});
        Fixture fixture(
            responders,
            R"(,"apiModelId":"gpt-4.1","openAiNativeServiceTier":"priority","modelTemperature":0.3)");
        fixture.handler->set_response_id("resp_stale");
        ApiHandlerCreateMessageMetadata metadata;
        metadata.suppress_previous_response_id = true;
        metadata.store = false;
        CollectingSink sink;
        Task<void> task =
            fixture.handler->create_message("sys", parse(kConversation), metadata, sink);
        QVERIFY(!run(task));
        const OrderedJson body = fixture.body(0);
        QVERIFY(!body.find("previous_response_id"));
        QCOMPARE(body.find("input")->items().size(), std::size_t(3));
        QCOMPARE(compact(*body.find("store")), std::string("false"));
        QCOMPARE(compact(*body.find("service_tier")), std::string(R"("priority")"));
        QCOMPARE(compact(*body.find("temperature")), std::string("0.3"));
        QVERIFY(!body.find("reasoning"));
        QVERIFY(!body.find("text"));
        QVERIFY(!fixture.handler->get_last_response_id());
    }

    void the_sdk_stream_surfaces_refusals_output_items_and_legacy_chunks() {
        OrderedJson responders = OrderedJson::array({parse(
            R"({"match":{"path":"^/responses$"},"sse":[)"
            R"({"data":{"type":"response.created","response":{"id":"resp_sdk"}}},)"
            R"({"data":{"type":"response.refusal.delta","delta":"no"}},)"
            R"({"data":{"type":"response.refusal.delta","delta":""}},)"
            R"({"data":{"type":"response.output_item.added","item":{"type":"text","text":"T"}}},)"
            R"({"data":{"type":"response.output_item.added","item":{"type":"reasoning","text":"R"}}},)"
            R"({"data":{"type":"response.output_item.added","item":{"type":"message","content":[)"
            R"({"type":"output_text","text":"M1"},{"type":"text","text":"M2"},)"
            R"({"type":"refusal","text":"skip"},{"type":"text","text":""}]}}},)"
            R"({"data":{"type":"response.output_item.added","item":{"type":"function_call","text":"x"}}},)"
            R"({"data":{"choices":[{"delta":{"content":"C"}}]}},)"
            R"({"data":{"type":"response.in_progress","usage":{"input_tokens":10,"output_tokens":2}}},)"
            R"({"data":{"type":"response.completed","response":{"id":"resp_sdk"}}}]})")});
        Fixture fixture(responders, R"(,"apiModelId":"gpt-5-2025-08-07")");
        CollectingSink sink;
        Task<void> task = fixture.handler->create_message(
            "sys", parse(R"([{"role":"user","content":"hi"}])"), {}, sink);
        QVERIFY(!run(task));
        QCOMPARE(fixture.server.requests().size(), std::size_t(1));
        // calculateApiCostOpenAI at the standard prices (no tier reported)
        const double cost = 0.0 + 0.0 + (1.25 / 1e6) * 10 + (10.0 / 1e6) * 2;
        const std::string expected =
            std::string(R"({"type":"text","text":"[Refusal] no"})") + "\n" +
            R"({"type":"text","text":"T"})" + "\n" + R"({"type":"reasoning","text":"R"})" + "\n" +
            R"({"type":"text","text":"M1"})" + "\n" + R"({"type":"text","text":"M2"})" + "\n" +
            R"({"type":"text","text":"C"})" + "\n" +
            R"({"type":"usage","inputTokens":10,"outputTokens":2,"cacheWriteTokens":0,"cacheReadTokens":0,"totalCost":)" +
            json::js_number_to_string(cost) + "}\n";
        QCOMPARE(sink.joined(), expected);
        QCOMPARE(fixture.handler->get_last_response_id().value_or(""), std::string("resp_sdk"));
    }

    void the_fallback_reads_a_complete_response_and_stray_usage() {
        OrderedJson responders = OrderedJson::array({parse(kUnauthorized)});
        responders.push_back(raw_responder(
            "^/v1/responses$",
            {R"(data: {"type":"vendor.snapshot","response":{"id":"resp_full","output":[)"
             R"({"type":"text","content":[{"type":"text","text":"F1"},{"type":"output_text","text":"no"},{"type":"text","text":""}]},)"
             R"({"type":"reasoning","summary":[{"type":"summary_text","text":"S1"},{"type":"other","text":"x"},{"type":"summary_text","text":7}]}],)"
             R"("usage":{"input_tokens":10,"output_tokens":2}}})",
             R"(data: {"choices":[{"delta":{"content":"C"}}]})",
             R"(data: {"type":"vendor.usage","usage":{"input_tokens":4,"output_tokens":1}})",
             R"(data: {"type":"error","error":{"code":"server_error"}})",
             R"(data: {"type":"response.output_text.delta","delta":"never"})"}));
        Fixture fixture(responders, R"(,"apiModelId":"gpt-5-2025-08-07")");
        CollectingSink sink;
        Task<void> task = fixture.handler->create_message(
            "sys", parse(R"([{"role":"user","content":"hi"}])"), {}, sink);
        const std::exception_ptr thrown = run(task);
        QVERIFY(thrown);
        // `parsed.error?.message || parsed.message || "Unknown error"`; the message already names
        // the Responses API, so it is not wrapped again.
        QCOMPARE(
            error_message(thrown),
            std::string("Error processing response stream: Responses API error: Unknown error"));
        const double first_cost = 0.0 + 0.0 + (1.25 / 1e6) * 10 + (10.0 / 1e6) * 2;
        const double second_cost = 0.0 + 0.0 + (1.25 / 1e6) * 4 + (10.0 / 1e6) * 1;
        const std::string expected =
            std::string(R"({"type":"text","text":"F1"})") + "\n" +
            R"({"type":"reasoning","text":"S1"})" + "\n" +
            R"({"type":"usage","inputTokens":10,"outputTokens":2,"cacheWriteTokens":0,"cacheReadTokens":0,"totalCost":)" +
            json::js_number_to_string(first_cost) + "}\n" + R"({"type":"text","text":"C"})" + "\n" +
            R"({"type":"usage","inputTokens":4,"outputTokens":1,"cacheWriteTokens":0,"cacheReadTokens":0,"totalCost":)" +
            json::js_number_to_string(second_cost) + "}\n";
        QCOMPARE(sink.joined(), expected);
        QCOMPARE(fixture.handler->get_last_response_id().value_or(""), std::string("resp_full"));
    }

    void a_null_event_in_the_fallback_stream_is_a_type_error() {
        OrderedJson responders = OrderedJson::array({parse(kUnauthorized)});
        responders.push_back(raw_responder("^/v1/responses$", {"data: null"}));
        Fixture fixture(responders);
        CollectingSink sink;
        Task<void> task = fixture.handler->create_message(
            "sys", parse(R"([{"role":"user","content":"hi"}])"), {}, sink);
        const std::exception_ptr thrown = run(task);
        QVERIFY(thrown);
        QCOMPARE(error_message(thrown),
                 std::string("Failed to connect to Responses API: Error processing response "
                             "stream: Cannot read properties of null (reading 'response')"));
        QVERIFY(sink.chunks.empty());
    }

    void fallback_http_errors_get_friendly_messages_with_details() {
        struct Case {
            const char* responder;
            const char* message;
        };
        const Case cases[] = {
            {R"({"status":400,"json":{"message":"bad input"}})",
             "Invalid request to Responses API. Please check your input parameters. - bad input"},
            {R"({"status":403,"json":{"detail":"x"}})",
             "Failed to connect to Responses API: Access denied. Your API key may not have access "
             "to this endpoint. - {\"detail\":\"x\"}"},
            {R"({"status":404,"raw":"no such route"})",
             "Responses API endpoint not found. The endpoint may not be available yet or requires "
             "a different configuration. - no such route"},
            {R"({"status":429,"raw":""})",
             "Failed to connect to Responses API: Rate limit exceeded. Please try again later."},
            {R"({"status":418,"json":{"error":{"message":"teapot"}}})",
             "Responses API error (418) - teapot"},
        };
        OrderedJson responders = OrderedJson::array({});
        for (const Case& item : cases) {
            responders.push_back(parse(kUnauthorized));
            responders.push_back(parse(item.responder));
        }
        Fixture fixture(responders);
        for (const Case& item : cases) {
            CollectingSink sink;
            Task<void> task = fixture.handler->create_message(
                "sys", parse(R"([{"role":"user","content":"hi"}])"), {}, sink);
            const std::exception_ptr thrown = run(task);
            QVERIFY(thrown);
            QCOMPARE(error_message(thrown), std::string(item.message));
        }
        QCOMPARE(fixture.server.requests().size(), std::size_t(10));
        QCOMPARE(fixture.server.requests()[9].path, QByteArray("/v1/responses"));
    }

    void a_previous_response_sends_only_the_last_user_message() {
        OrderedJson responders = OrderedJson::array({});
        for (int i = 0; i < 2; ++i)
            responders.push_back(raw_responder(
                "^/responses$", {R"(data: {"type":"response.output_text.delta","delta":"ok"})"}));
        Fixture fixture(responders, R"(,"apiModelId":"gpt-4.1","openAiNativeServiceTier":"flex")");
        ApiHandlerCreateMessageMetadata metadata;
        metadata.previous_response_id = "resp_prev";
        CollectingSink sink;
        Task<void> with_image = fixture.handler->create_message(
            "sys",
            parse(
                R"([{"role":"user","content":"first"},{"role":"assistant","content":"a"},)"
                R"({"role":"user","content":[{"type":"text","text":"see"},)"
                R"({"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"QUJD"}}]}])"),
            metadata, sink);
        QVERIFY(!run(with_image));
        const OrderedJson body = fixture.body(0);
        QCOMPARE(
            compact(*body.find("input")),
            std::string(R"([{"role":"user","content":[{"type":"input_text","text":"see"},)"
                        R"({"type":"input_image","image_url":"data:image/jpeg;base64,QUJD"}]}])"));
        QCOMPARE(compact(*body.find("previous_response_id")), std::string(R"("resp_prev")"));
        // gpt-4.1 offers only the priority tier: a flex request sends no service_tier.
        QVERIFY(!body.find("service_tier"));

        // A last user message with nothing to send leaves the input empty.
        Task<void> tool_only = fixture.handler->create_message(
            "sys",
            parse(
                R"([{"role":"user","content":"first"},{"role":"assistant","content":"a"},)"
                R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"r"}]}])"),
            metadata, sink);
        QVERIFY(!run(tool_only));
        const OrderedJson second = fixture.body(1);
        QCOMPARE(compact(*second.find("input")), std::string("[]"));
        QCOMPARE(compact(*second.find("previous_response_id")), std::string(R"("resp_prev")"));
    }

    void complete_prompt_returns_the_first_output_text() {
        OrderedJson responders = OrderedJson::array({parse(
            R"({"json":{"object":"response","text":{"format":{"type":"text"}},"output":[{"type":"reasoning","summary":[]},
               {"type":"message","content":[{"type":"output_text","text":"done"}]}]}})")});
        responders.push_back(parse(R"({"status":400,"json":{"error":{"message":"nope"}}})"));
        Fixture fixture(responders);
        Task<std::string> task = fixture.handler->complete_prompt("hello");
        QVERIFY(!run(task));
        QCOMPARE(task.result(), std::string("done"));
        const OrderedJson body = fixture.body(0);
        QCOMPARE(
            compact(*body.find("input")),
            std::string(R"([{"role":"user","content":[{"type":"input_text","text":"hello"}]}])"));
        QCOMPARE(compact(*body.find("stream")), std::string("false"));
        QCOMPARE(compact(*body.find("store")), std::string("false"));
        QCOMPARE(compact(*body.find("reasoning")),
                 std::string(R"({"effort":"medium","summary":"auto"})"));

        Task<std::string> failing = fixture.handler->complete_prompt("again");
        const std::exception_ptr thrown = run(failing);
        QVERIFY(thrown);
        QCOMPARE(error_message(thrown), std::string("OpenAI Native completion error: 400 nope"));
    }
};

QTEST_GUILESS_MAIN(TestOpenAiNativeHandler)
#include "test_openai_native_handler.moc"
