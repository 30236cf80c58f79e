// AwsBedrockHandler (bedrock.ts) against the replay server beyond the golden cases: the shapes of
// ConverseStream events the SDK's de_ConverseStreamOutput passes on and what createMessage makes
// of each (block starts with reasoning, thinking or text, deltas of every union member, stop,
// metadata with both cache-token namings, unknown events), completePrompt's Converse request,
// its answer and its errors, and the model the handler settles on for custom ARNs, unknown ids,
// missing ids and the 1M-context option.

#include <QJsonDocument>
#include <QTest>

#include <map>
#include <memory>
#include <string>

#include "bedrock_handler.h"
#include "chunk_collector.h"
#include "event_stream_entry.h"
#include "http_client.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "provider_test_helpers.h"
#include "replay_server.h"
#include "task.h"
#include "test_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::json_stringify;
using json::OrderedJson;
using testing::provider_error_text;
using testing::run_to_end;
using testing::single_quoted_json;

namespace {

OrderedJson j(const std::string& single_quoted) {
    return testing::parse_test_json(single_quoted_json(single_quoted));
}

QString text_of(const OrderedJson& value) {
    return QString::fromStdString(json_stringify(value));
}

// Chunks compared as JSON values, whatever the order of their members.
QString canonical(const std::string& json_text) {
    return QString::fromUtf8(QJsonDocument::fromJson(QByteArray::fromStdString(json_text))
                                 .toJson(QJsonDocument::Compact));
}
QString canonical(const OrderedJson& value) {
    return canonical(json_stringify(value));
}

// A pinned clock, invocation id and environment (no AWS variables, no home directory).
struct Fixture {
    Fixture() {
        context.http = &http;
        context.now = [] {
            return QDateTime::fromString(QStringLiteral("2025-09-30T13:41:00Z"), Qt::ISODate);
        };
        context.random_uuid = [] { return std::string("00000000-0000-4000-8000-000000000001"); };
        context.environment = [](std::string_view name) -> std::optional<std::string> {
            if (name == "HOME") return std::string("/nonexistent-home");
            return std::nullopt;
        };
    }
    // Static keys, the server as the enabled endpoint, and `extra` settings ('-quoted members).
    std::unique_ptr<AwsBedrockHandler> handler(const testing::ReplayServer& server,
                                               const std::string& extra) {
        OrderedJson settings =
            j("{'awsAccessKey':'AKIDEXAMPLE','awsSecretKey':'secret','awsBedrockEndpointEnabled':"
              "true," +
              extra + "}");
        settings.set("awsBedrockEndpoint", OrderedJson::string(server.base_url().toStdString()));
        return std::make_unique<AwsBedrockHandler>(ProviderSettings(settings), context);
    }
    HttpClient http;
    ProviderContext context;
};

// The replay server answering with one event stream of `events` ('-quoted {event, data}).
std::unique_ptr<testing::ReplayServer> event_stream_server(const std::string& events) {
    auto server = std::make_unique<testing::ReplayServer>(j("[{'eventstream':" + events + "}]"));
    server->set_event_stream_encoder(testing::encode_event_stream_entry);
    server->set_event_pause_ms(0);
    return server;
}

// What the converse call answers, with `content` as the message's content blocks.
std::string converse_answer(const std::string& content) {
    return "{'json':{'output':{'message':{'role':'assistant','content':" + content +
           "}},'stopReason':'end_turn','usage':{'inputTokens':3,'outputTokens':1,"
           "'totalTokens':4}}}";
}

const char* const kSonnet35 = "anthropic.claude-3-5-sonnet-20241022-v2:0";

}  // namespace

class TestBedrockHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void stream_events_of_every_shape_become_reasoning_text_and_usage() {
        auto server = event_stream_server(
            "[{'event':'messageStart','data':{'role':'assistant'}},"
            // A reasoning block start: its text; after the first block a newline before it.
            "{'event':'contentBlockStart','data':{'contentBlockIndex':0,"
            "'contentBlock':{'reasoningContent':{'text':'plan'}}}},"
            "{'event':'contentBlockStart','data':{'contentBlockIndex':1,"
            "'contentBlock':{'reasoningContent':{'signature':'sig'}}}},"
            // A thinking block under the alternative member name, then one without thinking.
            "{'event':'contentBlockStart','data':{'contentBlockIndex':2,"
            "'content_block':{'type':'thinking','thinking':'deep'}}},"
            "{'event':'contentBlockStart','data':{'contentBlockIndex':0,"
            "'contentBlock':{'type':'thinking'}}},"
            "{'event':'contentBlockStart','data':{'contentBlockIndex':3,'start':{'text':'lead'}}},"
            "{'event':'contentBlockStart','data':{'contentBlockIndex':4,"
            "'start':{'toolUse':{'toolUseId':'t1','name':'read_file'}}}},"
            // Deltas: reasoning text; redacted, signed and unknown reasoning; a citation, a
            // tool use and an unknown member; text; none at all.
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':4,"
            "'delta':{'reasoningContent':{'text':'why'}}}},"
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':4,"
            "'delta':{'reasoningContent':{'redactedContent':'AAEC'}}}},"
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':4,"
            "'delta':{'reasoningContent':{'signature':'sig'}}}},"
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':4,"
            "'delta':{'reasoningContent':{'future':'x'}}}},"
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':4,"
            "'delta':{'citation':{'title':'doc'}}}},"
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':4,"
            "'delta':{'toolUse':{'input':'{}'}}}},"
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':4,'delta':{'image':{}}}},"
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':5,'delta':{'text':'body'}}},"
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':5}},"
            "{'event':'contentBlockStop','data':{'contentBlockIndex':5}},"
            "{'event':'messageStop','data':{'stopReason':'end_turn',"
            "'additionalModelResponseFields':{'a':1}}},"
            "{'event':'futureEvent','data':{'text':'ignored'}},"
            // Usage: a 0 under one naming falls back to the other.
            "{'event':'metadata','data':{'usage':{'inputTokens':10,'outputTokens':5,"
            "'cacheReadInputTokens':0,'cacheReadInputTokenCount':3,"
            "'cacheWriteInputTokenCount':2},'metrics':{'latencyMs':7},"
            "'performanceConfig':{'latency':'standard'},"
            "'trace':{'guardrail':{},'promptRouter':{'invokedModelId':'x'}}}}]");
        QVERIFY(server->listen());
        Fixture fixture;
        auto handler = fixture.handler(
            *server, "'apiModelId':'" + std::string(kSonnet35) + "','awsRegion':'us-east-1'");
        testing::ChunkCollector sink;
        Task<void> task =
            handler->create_message("sys", j("[{'role':'user','content':'hi'}]"), {}, sink);
        QCOMPARE(provider_error_text(run_to_end(task)), std::string("no error"));
        QCOMPARE(canonical(sink.take()),
                 canonical(single_quoted_json(
                     "[{'type':'reasoning','text':'plan'},{'type':'reasoning','text':'\\n'},"
                     "{'type':'reasoning','text':''},{'type':'reasoning','text':'\\n'},"
                     "{'type':'reasoning','text':'deep'},{'type':'text','text':'lead'},"
                     "{'type':'reasoning','text':'why'},{'type':'text','text':'body'},"
                     "{'type':'usage','inputTokens':10,'outputTokens':5,'cacheReadTokens':3,"
                     "'cacheWriteTokens':2}]")));
    }

    void a_delta_the_sdk_cannot_read_ends_the_stream_with_an_error_chunk_and_throws() {
        // The older `{type: thinking_delta, thinking}` delta is not a one-member union: the
        // SDK's deserializer throws its TypeError while the handler iterates.
        auto server = event_stream_server(
            "[{'event':'contentBlockDelta','data':{'contentBlockIndex':0,'delta':{'text':'a'}}},"
            "{'event':'contentBlockDelta','data':{'contentBlockIndex':0,"
            "'delta':{'type':'thinking_delta','thinking':'b'}}}]");
        QVERIFY(server->listen());
        Fixture fixture;
        auto handler = fixture.handler(
            *server, "'apiModelId':'" + std::string(kSonnet35) + "','awsRegion':'us-east-1'");
        testing::ChunkCollector sink;
        Task<void> task =
            handler->create_message("sys", j("[{'role':'user','content':'hi'}]"), {}, sink);
        const std::exception_ptr thrown = run_to_end(task);
        const std::string message =
            "Unknown Error: Unions must have exactly one non-null member. "
            "Keys type,thinking were not null.";
        QCOMPARE(canonical(sink.take()),
                 canonical(single_quoted_json("[{'type':'text','text':'a'},{'type':'text','text':"
                                              "'Error: " +
                                              message +
                                              "'},{'type':'usage','inputTokens':0,"
                                              "'outputTokens':0}]")));
        QVERIFY(thrown);
        try {
            std::rethrow_exception(thrown);
        } catch (const ProviderError& error) {
            QCOMPARE(canonical(error.to_json()),
                     canonical(single_quoted_json("{'name':'Error','message':'" + message +
                                                  "','error_name':'TypeError'}")));
        }
    }

    void complete_prompt_sends_a_converse_request_and_returns_the_first_text() {
        testing::ReplayServer server(j("[" + converse_answer("[{'text':'Paris'},{'text':'x'}]") +
                                       "," + converse_answer("[{'text':'  \\n'}]") + "," +
                                       converse_answer("[]") + "]"));
        QVERIFY(server.listen());
        Fixture fixture;
        auto handler = fixture.handler(
            server, "'apiModelId':'" + std::string(kSonnet35) + "','awsRegion':'us-east-1'");
        Task<std::string> answered = handler->complete_prompt("What is the capital of France?");
        QCOMPARE(provider_error_text(run_to_end(answered)), std::string("no error"));
        QCOMPARE(answered.result(), std::string("Paris"));

        const testing::RecordedRequest& request = server.requests().at(0);
        QCOMPARE(request.path,
                 QByteArray("/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse"));
        // No system prompt; the table's 8192 tokens and the Bedrock default temperature.
        QCOMPARE(request.body,
                 QByteArray::fromStdString(single_quoted_json(
                     "{'inferenceConfig':{'maxTokens':8192,'temperature':0.3},'messages':"
                     "[{'content':[{'text':'What is the capital of France?'}],'role':'user'}]}")));
        QVERIFY(request.header("authorization").contains("/20250930/us-east-1/bedrock/"));

        // Blank text and no content at all are both an empty answer.
        Task<std::string> blank = handler->complete_prompt("q");
        QCOMPARE(provider_error_text(run_to_end(blank)), std::string("no error"));
        QCOMPARE(blank.result(), std::string());
        Task<std::string> empty = handler->complete_prompt("q");
        QCOMPARE(provider_error_text(run_to_end(empty)), std::string("no error"));
        QCOMPARE(empty.result(), std::string());
    }

    void complete_prompt_failures_are_thrown_as_bedrock_completion_errors() {
        testing::ReplayServer server(
            j("[{'status':400,'headers':{'x-amzn-requestid':'req-7','x-amzn-errortype':"
              "'ValidationException:http://internal.amazon.com/coral/'},"
              "'json':{'message':'The provided model identifier is invalid.'}}]"));
        QVERIFY(server.listen());
        Fixture fixture;
        auto handler = fixture.handler(
            server, "'apiModelId':'" + std::string(kSonnet35) + "','awsRegion':'us-east-1'");
        Task<std::string> task = handler->complete_prompt("hello");
        const std::exception_ptr thrown = run_to_end(task);
        QVERIFY(thrown);
        try {
            std::rethrow_exception(thrown);
        } catch (const ProviderError& error) {
            QCOMPARE(text_of(error.to_json()),
                     QString::fromStdString(single_quoted_json(
                         "{'name':'Error','message':'Bedrock completion error: Unknown Error: "
                         "The provided model identifier is invalid.','error_name':"
                         "'ValidationException','$metadata':{'httpStatusCode':400,"
                         "'requestId':'req-7','attempts':1}}")));
        }
    }

    void a_custom_arn_that_does_not_parse_is_refused_at_construction() {
        testing::ReplayServer server(j("[]"));
        Fixture fixture;
        try {
            fixture.handler(server,
                            "'awsRegion':'us-east-1','awsCustomArn':"
                            "'arn:aws:bedrock:us-east-1:123456789012:foundation-model'");
            QFAIL("no error thrown");
        } catch (const ProviderError& error) {
            QCOMPARE(error.name() + ": " + error.message(),
                     std::string("Error: INVALID_ARN_FORMAT:Invalid ARN format. ARN should "
                                 "follow the Amazon Bedrock ARN pattern."));
        }
    }

    void an_inference_profile_arn_is_the_model_id_and_its_region_wins() {
        testing::ReplayServer server(j("[" + converse_answer("[{'text':'ok'}]") + "]"));
        QVERIFY(server.listen());
        Fixture fixture;
        const std::string arn =
            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/"
            "eu.anthropic.claude-3-5-sonnet-20241022-v2:0";
        auto handler =
            fixture.handler(server, "'awsRegion':'us-east-1','awsCustomArn':'" + arn + "'");
        const ApiModel model = handler->get_model();
        QCOMPARE(model.id, arn);
        // The info of the model behind the profile.
        QCOMPARE(model.info.value("maxTokens")->as_number(), 8192.0);
        QVERIFY(model.info.supports_prompt_cache());

        Task<std::string> task = handler->complete_prompt("hi");
        QCOMPARE(provider_error_text(run_to_end(task)), std::string("no error"));
        QCOMPARE(task.result(), std::string("ok"));
        const testing::RecordedRequest& request = server.requests().at(0);
        QCOMPARE(request.path,
                 QByteArray("/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Ainference-"
                            "profile%2Feu.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse"));
        QVERIFY2(request.header("authorization").contains("/20250930/eu-west-1/bedrock/"),
                 request.header("authorization").constData());
    }

    void a_foundation_model_arn_is_the_same_as_picking_the_model() {
        testing::ReplayServer server(j("[]"));
        Fixture fixture;
        auto handler =
            fixture.handler(server,
                            "'awsRegion':'us-east-1','awsCustomArn':'arn:aws:bedrock:us-east-1::"
                            "foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0'");
        QCOMPARE(handler->get_model().id, std::string(kSonnet35));
    }

    void a_prompt_router_arn_gets_the_default_router_model_info() {
        testing::ReplayServer server(j("[]"));
        Fixture fixture;
        const std::string arn =
            "arn:aws:bedrock:us-west-2:123456789012:default-prompt-router/anthropic.claude:1";
        auto handler =
            fixture.handler(server, "'awsRegion':'us-west-2','awsCustomArn':'" + arn + "'");
        const ApiModel model = handler->get_model();
        QCOMPARE(model.id, arn);
        // bedrockDefaultPromptRouterModelId: anthropic.claude-3-sonnet-20240229-v1:0.
        QCOMPARE(model.info.value("maxTokens")->as_number(), 4096.0);
        QCOMPARE(model.info.value("contextWindow")->as_number(), 200000.0);
        QVERIFY(!model.info.supports_prompt_cache());
        QCOMPARE(
            handler->get_model_by_id(std::string("anthropic.claude:1"), std::string("router")).id,
            std::string("anthropic.claude-3-sonnet-20240229-v1:0"));
    }

    void an_unknown_model_id_gets_the_default_model_with_guessed_info_and_user_overrides() {
        testing::ReplayServer server(j("[]"));
        Fixture fixture;
        auto handler = fixture.handler(server, "'awsRegion':'us-east-1','apiModelId':'acme.x-1'");
        ApiModel model = handler->get_model();
        QCOMPARE(model.id, std::string("anthropic.claude-sonnet-4-20250514-v1:0"));
        // The guessing fallback over the default model's info.
        QCOMPARE(model.info.value("maxTokens")->as_number(), 4096.0);
        QCOMPARE(model.info.value("contextWindow")->as_number(), 128000.0);
        QVERIFY(!model.info.supports_prompt_cache());
        QCOMPARE(model.info.value("supportsImages")->as_bool(), false);
        QCOMPARE(model.info.value("inputPrice")->as_number(), 3.0);

        auto overridden = fixture.handler(
            server,
            "'awsRegion':'us-east-1','apiModelId':'acme.x-1','awsModelContextWindow':64000");
        model = overridden->get_model();
        QCOMPARE(model.info.value("contextWindow")->as_number(), 64000.0);
    }

    void no_model_id_fails_where_the_reference_guesses_from_undefined() {
        testing::ReplayServer server(j("[]"));
        Fixture fixture;
        try {
            fixture.handler(server, "'awsRegion':'us-east-1'");
            QFAIL("no error thrown");
        } catch (const ProviderError& error) {
            QCOMPARE(error.name() + ": " + error.message(),
                     std::string("TypeError: Cannot read properties of undefined (reading "
                                 "'toLowerCase')"));
        }
    }

    void sonnet_4_with_the_1m_context_option_sends_the_beta_and_has_a_million_tokens() {
        auto server = event_stream_server(
            "[{'event':'metadata','data':{'usage':{'inputTokens':1,'outputTokens':2}}}]");
        QVERIFY(server->listen());
        Fixture fixture;
        auto handler = fixture.handler(
            *server,
            "'awsRegion':'us-east-1','apiModelId':'anthropic.claude-sonnet-4-20250514-v1:0',"
            "'awsUseCrossRegionInference':true,'awsBedrock1MContext':true");
        QCOMPARE(handler->get_model().id,
                 std::string("us.anthropic.claude-sonnet-4-20250514-v1:0"));
        QCOMPARE(handler->get_model().info.value("contextWindow")->as_number(), 1000000.0);

        testing::ChunkCollector sink;
        Task<void> task =
            handler->create_message("sys", j("[{'role':'user','content':'hi'}]"), {}, sink);
        QCOMPARE(provider_error_text(run_to_end(task)), std::string("no error"));
        QCOMPARE(canonical(sink.take()),
                 canonical(single_quoted_json("[{'type':'usage','inputTokens':1,'outputTokens':2,"
                                              "'cacheReadTokens':0,'cacheWriteTokens':0}]")));
        const testing::RecordedRequest& request = server->requests().at(0);
        QCOMPARE(request.path, QByteArray("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/"
                                          "converse-stream"));
        QCOMPARE(request.body,
                 QByteArray::fromStdString(single_quoted_json(
                     "{'additionalModelRequestFields':{'anthropic_beta':['context-1m-2025-08-07']},"
                     "'inferenceConfig':{'maxTokens':8192,'temperature':0.3},'messages':"
                     "[{'content':[{'text':'hi'}],'role':'user'}],'system':[{'text':'sys'}]}")));
    }
};

QTEST_GUILESS_MAIN(TestBedrockHandler)
#include "test_bedrock_handler.moc"
