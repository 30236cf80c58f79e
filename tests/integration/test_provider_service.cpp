// The provider layer through the real service: CreateMessage streams a provider's chunks over
// IPC, CANCEL aborts the upstream request, provider failures arrive as typed errors with the
// reference's message, and `lapce-ai chat` prints the answer. The provider is a local
// OpenAI-compatible replay server.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cstring>
#include <string>
#include <vector>

#include "cli_process.h"
#include "ipc_client.h"
#include "ordered_json.h"
#include "replay_server.h"
#include "service_process.h"
#include "test_json.h"

using lapce_ai::testing::CliRun;
using lapce_ai::testing::ReplayServerThread;
using lapce_ai::testing::ServiceProcess;
namespace json = lapce_ai::json;
namespace proto = lapce_ai::ipc::proto;

namespace {

json::OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

std::string content_chunk(const std::string& text) {
    return R"({"data":{"choices":[{"index":0,"delta":{"content":")" + text + R"("}}]}})";
}

json::OrderedJson chat_stream(int events) {
    std::string sse = "[";
    for (int i = 0; i < events; ++i) sse += content_chunk("part" + std::to_string(i) + " ") + ",";
    sse +=
        R"({"data":{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34}}},{"data":"[DONE]"}])";
    return parse(R"([{"repeat":true,"match":{"path":"/chat/completions"},"sse":)" + sse + "}]");
}

proto::CreateMessageRequest create_message(const QByteArray& base_url,
                                           const std::string& messages_json) {
    proto::CreateMessageRequest request;
    request.mutable_target()->set_provider("openai");
    request.mutable_target()->set_settings_json(
        R"({"openAiBaseUrl":")" + base_url.toStdString() +
        R"(/v1","openAiApiKey":"sk-local","openAiModelId":"gpt-4o"})");
    request.set_system_prompt("You are terse.");
    request.set_messages_json(messages_json);
    request.mutable_metadata()->set_task_id("integration");
    return request;
}

const std::string kHello = R"([{"role":"user","content":"hello"}])";

struct StreamResult {
    std::string text;
    std::vector<proto::UsageChunk> usage;
    int frames = 0;
    lapce_ai::Expected<void, lapce_ai::ipc::ClientError> outcome = {};
};

StreamResult stream(lapce_ai::ipc::IpcClient& client, const proto::CreateMessageRequest& request,
                    std::function<bool(int)> keep_going = nullptr) {
    StreamResult result;
    proto::ApiStreamChunk chunk;
    result.outcome = client.stream(
        proto::CREATE_MESSAGE_REQUEST, request,
        [&](const lapce_ai::ipc::FrameHeader& header, std::span<const std::byte> payload) {
            if (header.kind != proto::API_STREAM_CHUNK) return true;
            ++result.frames;
            if (!chunk.ParseFromArray(payload.data(), static_cast<int>(payload.size())))
                return false;
            if (chunk.has_text()) result.text += chunk.text();
            if (chunk.has_usage()) result.usage.push_back(chunk.usage());
            return keep_going ? keep_going(result.frames) : true;
        });
    return result;
}

}  // namespace

class TestProviderService : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void create_message_streams_the_providers_chunks() {
        ReplayServerThread provider(chat_stream(3));
        QVERIFY(provider.listening());
        ServiceProcess service;
        QVERIFY(service.start());
        lapce_ai::ipc::IpcClient client(service.client_options());
        StreamResult result = stream(client, create_message(provider.base_url(), kHello));
        QVERIFY2(result.outcome.has_value(),
                 result.outcome ? "" : result.outcome.error().message.c_str());
        QCOMPARE(result.text, std::string("part0 part1 part2 "));
        QCOMPARE(result.usage.size(), std::size_t(1));
        QCOMPARE(result.usage[0].input_tokens(), 12.0);
        QCOMPARE(result.usage[0].output_tokens(), 34.0);
        const auto requests = provider.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        QCOMPARE(requests[0].header("authorization"), QByteArray("Bearer sk-local"));
        QVERIFY(requests[0].body.contains("\"content\":\"You are terse.\""));
    }

    void consecutive_calls_share_one_upstream_connection() {
        ReplayServerThread provider(chat_stream(1));
        ServiceProcess service;
        QVERIFY(service.start());
        lapce_ai::ipc::IpcClient client(service.client_options());
        for (int i = 0; i < 5; ++i)
            QVERIFY(
                stream(client, create_message(provider.base_url(), kHello)).outcome.has_value());
        QCOMPARE(provider.connections(), 1);

        proto::ProviderMetricsRequest request;
        proto::ProviderMetricsReply reply;
        QVERIFY(client
                    .call(proto::PROVIDER_METRICS_REQUEST, request, proto::PROVIDER_METRICS_REPLY,
                          reply)
                    .has_value());
        QCOMPARE(reply.hosts_size(), 1);
        QCOMPARE(reply.hosts(0).requests(), 5u);
        QCOMPARE(reply.hosts(0).new_connections(), 1u);
        QCOMPARE(reply.hosts(0).hit_rate(), 0.8);
    }

    void the_metrics_snapshot_and_status_carry_the_provider_pool() {
        ReplayServerThread provider(chat_stream(1));
        ServiceProcess service;
        QVERIFY(service.start());
        lapce_ai::ipc::IpcClient client(service.client_options());
        proto::MetricsRequest request;
        proto::MetricsSnapshot before;
        QVERIFY(client.call(proto::METRICS_REQUEST, request, proto::METRICS_SNAPSHOT, before)
                    .has_value());
        QCOMPARE(before.provider_hosts_size(), 0);
        for (int i = 0; i < 4; ++i)
            QVERIFY(
                stream(client, create_message(provider.base_url(), kHello)).outcome.has_value());

        proto::MetricsSnapshot snapshot;
        QVERIFY(client.call(proto::METRICS_REQUEST, request, proto::METRICS_SNAPSHOT, snapshot)
                    .has_value());
        QCOMPARE(snapshot.provider_hosts_size(), 1);
        const proto::ProviderHostMetrics& host = snapshot.provider_hosts(0);
        const QByteArray host_port =
            provider.base_url().mid(static_cast<qsizetype>(std::strlen("http://")));
        QCOMPARE(QByteArray::fromStdString(host.host()), host_port);
        QCOMPARE(host.requests(), 4u);
        QCOMPARE(host.new_connections(), 1u);
        QCOMPARE(host.hit_rate(), 0.75);
        QCOMPARE(host.acquisition().count(), 4u);
        QVERIFY(host.acquisition().max_us() > 0);
        QCOMPARE(host.active_streams(), 0u);
        QCOMPARE(host.transport_errors(), 0u);
        // A second snapshot replaces the entries rather than adding to them.
        QVERIFY(client.call(proto::METRICS_REQUEST, request, proto::METRICS_SNAPSHOT, snapshot)
                    .has_value());
        QCOMPARE(snapshot.provider_hosts_size(), 1);

        const CliRun status = lapce_ai::testing::run_cli(
            {QStringLiteral("--socket-dir"), service.socket_dir(), QStringLiteral("status")});
        QCOMPARE(status.exit_code, 0);
        QVERIFY2(status.out.contains("provider      " + host_port +
                                     ": 4 requests, 1 new connections, hit rate 75.0%"),
                 status.out.constData());
        const CliRun json =
            lapce_ai::testing::run_cli({QStringLiteral("--socket-dir"), service.socket_dir(),
                                        QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(json.exit_code, 0);
        const QJsonArray hosts =
            QJsonDocument::fromJson(json.out).object()[QStringLiteral("provider_hosts")].toArray();
        QCOMPARE(hosts.size(), 1);
        QCOMPARE(hosts[0].toObject()[QStringLiteral("requests")].toInteger(), 4);
        QCOMPARE(hosts[0].toObject()[QStringLiteral("hit_rate")].toDouble(), 0.75);
    }

    void cancel_aborts_the_upstream_request() {
        ReplayServerThread provider(chat_stream(50), /*event_pause_ms=*/200);
        ServiceProcess service;
        QVERIFY(service.start());
        lapce_ai::ipc::IpcClient client(service.client_options());
        // Returning false after the second chunk cancels the stream.
        StreamResult result = stream(client, create_message(provider.base_url(), kHello),
                                     [](int frames) { return frames < 2; });
        QVERIFY(!result.outcome.has_value());
        QCOMPARE(result.outcome.error().code, proto::CANCELLED);
        QTRY_COMPARE_WITH_TIMEOUT(provider.interrupted_responses(), 1, 5000);
        // The service keeps serving.
        proto::GetModelRequest get_model;
        *get_model.mutable_target() = create_message(provider.base_url(), kHello).target();
        proto::GetModelReply model;
        QVERIFY(client.call(proto::GET_MODEL_REQUEST, get_model, proto::GET_MODEL_REPLY, model)
                    .has_value());
        QVERIFY(model.model_json().find(R"("id":"gpt-4o")") != std::string::npos);
    }

    void a_provider_error_arrives_typed_with_the_references_message() {
        ReplayServerThread provider(parse(
            R"([{"status":401,"json":{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}}])"));
        ServiceProcess service;
        QVERIFY(service.start());
        lapce_ai::ipc::IpcClient client(service.client_options());
        StreamResult result = stream(client, create_message(provider.base_url(), kHello));
        QVERIFY(!result.outcome.has_value());
        QCOMPARE(result.outcome.error().code, proto::PROVIDER_ERROR);
        QCOMPARE(result.outcome.error().message,
                 std::string("OpenAI completion error: 401 Incorrect API key provided"));
    }

    void reasoning_usage_details_and_grounding_sources_cross_ipc_intact() {
        ReplayServerThread provider(parse(
            std::string(R"([{"repeat":true,"match":{"path":"streamGenerateContent"},"sse":[)") +
            R"({"data":{"candidates":[{"content":{"parts":[{"text":"Weighing options.",)" +
            R"("thought":true}],"role":"model"},"index":0}]}},)" +
            R"({"data":{"candidates":[{"content":{"parts":[{"text":"Use +."}],"role":"model"},)" +
            R"("index":0,"finishReason":"STOP","groundingMetadata":{"groundingChunks":[)" +
            R"({"web":{"uri":"https://example.com/ts","title":"TS Handbook"}}]}}],)" +
            R"("usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":6,)" +
            R"("thoughtsTokenCount":4,"cachedContentTokenCount":20}}}]}])"));
        ServiceProcess service;
        QVERIFY(service.start());
        lapce_ai::ipc::IpcClient client(service.client_options());
        proto::CreateMessageRequest request = create_message(provider.base_url(), kHello);
        request.mutable_target()->set_provider("gemini");
        request.mutable_target()->set_settings_json(
            R"({"geminiApiKey":"AIza-local","googleGeminiBaseUrl":")" +
            provider.base_url().toStdString() +
            R"(","apiModelId":"gemini-2.5-flash","enableGrounding":true})");
        std::vector<proto::ApiStreamChunk> chunks;
        const auto outcome = client.stream(
            proto::CREATE_MESSAGE_REQUEST, request,
            [&](const lapce_ai::ipc::FrameHeader& header, std::span<const std::byte> payload) {
                if (header.kind != proto::API_STREAM_CHUNK) return true;
                proto::ApiStreamChunk chunk;
                if (!chunk.ParseFromArray(payload.data(), static_cast<int>(payload.size())))
                    return false;
                if (chunk.chunk_case() != proto::ApiStreamChunk::CHUNK_NOT_SET)
                    chunks.push_back(chunk);
                return true;
            });
        QVERIFY2(outcome.has_value(), outcome ? "" : outcome.error().message.c_str());
        QCOMPARE(chunks.size(), std::size_t(4));
        QCOMPARE(chunks[0].reasoning(), std::string("Weighing options."));
        QCOMPARE(chunks[1].text(), std::string("Use +."));
        QCOMPARE(chunks[2].grounding().sources_size(), 1);
        QCOMPARE(chunks[2].grounding().sources(0).title(), std::string("TS Handbook"));
        QCOMPARE(chunks[2].grounding().sources(0).url(), std::string("https://example.com/ts"));
        QVERIFY(!chunks[2].grounding().sources(0).has_snippet());
        const proto::UsageChunk& usage = chunks[3].usage();
        QCOMPARE(usage.input_tokens(), 50.0);
        QCOMPARE(usage.output_tokens(), 6.0);
        QVERIFY(usage.has_cache_read_tokens());
        QCOMPARE(usage.cache_read_tokens(), 20.0);
        QVERIFY(usage.has_reasoning_tokens());
        QCOMPARE(usage.reasoning_tokens(), 4.0);
        QVERIFY(usage.has_total_cost());
    }

    void complete_prompt_and_count_tokens_answer_over_ipc() {
        ReplayServerThread provider(parse(
            R"([{"match":{"path":"/chat/completions"},"json":{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hi there"},"finish_reason":"stop"}]}}])"));
        ServiceProcess service;
        QVERIFY(service.start());
        lapce_ai::ipc::IpcClient client(service.client_options());
        const proto::ProviderTarget target = create_message(provider.base_url(), kHello).target();

        proto::CompletePromptRequest complete;
        *complete.mutable_target() = target;
        complete.set_prompt("Say hi.");
        proto::CompletePromptReply completion;
        QVERIFY(client
                    .call(proto::COMPLETE_PROMPT_REQUEST, complete, proto::COMPLETE_PROMPT_REPLY,
                          completion)
                    .has_value());
        QCOMPARE(completion.text(), std::string("Hi there"));
        QCOMPARE(provider.requests().size(), std::size_t(1));
        QVERIFY(provider.requests()[0].body.contains(R"("content":"Say hi.")"));

        // countTokens: tiktoken (o200k_base) with the reference's fudge factor, no request.
        proto::CountTokensRequest count;
        *count.mutable_target() = target;
        count.set_content_json(R"([{"type":"text","text":"hello world"}])");
        proto::CountTokensReply tokens;
        QVERIFY(client.call(proto::COUNT_TOKENS_REQUEST, count, proto::COUNT_TOKENS_REPLY, tokens)
                    .has_value());
        QCOMPARE(tokens.tokens(), 3.0);  // ceil(2 tokens * 1.5)
        QCOMPARE(provider.requests().size(), std::size_t(1));

        count.set_content_json(R"({"type":"text"})");
        const auto refused =
            client.call(proto::COUNT_TOKENS_REQUEST, count, proto::COUNT_TOKENS_REPLY, tokens);
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().code, proto::INVALID_ARGUMENT);
        QCOMPARE(refused.error().message, std::string("content_json must be a JSON array"));
    }

    void failed_upstream_requests_are_counted_by_kind_in_the_provider_metrics() {
        ReplayServerThread provider(
            parse(R"([{"repeat":true,"status":401,"json":{"error":{"message":"bad key"}}}])"));
        ServiceProcess service;
        QVERIFY(service.start());
        lapce_ai::ipc::IpcClient client(service.client_options());
        for (int i = 0; i < 2; ++i) {
            const StreamResult result = stream(client, create_message(provider.base_url(), kHello));
            QCOMPARE(result.outcome.error().code, proto::PROVIDER_ERROR);
        }
        proto::ProviderMetricsRequest ask;
        proto::ProviderMetricsReply metrics;
        QVERIFY(
            client
                .call(proto::PROVIDER_METRICS_REQUEST, ask, proto::PROVIDER_METRICS_REPLY, metrics)
                .has_value());
        QCOMPARE(metrics.hosts_size(), 1);
        const proto::ProviderHostMetrics& host = metrics.hosts(0);
        QCOMPARE(host.errors_size(), 1);
        QCOMPARE(host.errors(0).kind(), std::string("http_4xx"));
        QCOMPARE(host.errors(0).count(), std::uint64_t(2));
    }

    void bad_requests_get_invalid_argument_and_the_service_keeps_serving() {
        ReplayServerThread provider(chat_stream(1));
        ServiceProcess service;
        QVERIFY(service.start());
        lapce_ai::ipc::IpcClient client(service.client_options());
        StreamResult bad_json = stream(client, create_message(provider.base_url(), "{not json"));
        QVERIFY(!bad_json.outcome.has_value());
        QCOMPARE(bad_json.outcome.error().code, proto::INVALID_ARGUMENT);

        proto::CreateMessageRequest unknown = create_message(provider.base_url(), kHello);
        unknown.mutable_target()->set_provider("claude-code");
        StreamResult editor_bound = stream(client, unknown);
        QVERIFY(!editor_bound.outcome.has_value());
        QCOMPARE(editor_bound.outcome.error().code, proto::PROVIDER_ERROR);

        QVERIFY(stream(client, create_message(provider.base_url(), kHello)).outcome.has_value());
        QCOMPARE(provider.requests().size(), std::size_t(1));
    }

    void chat_command_prints_the_answer_and_usage() {
        ReplayServerThread provider(chat_stream(2));
        ServiceProcess service;
        QVERIFY(service.start());
        const CliRun run = lapce_ai::testing::run_cli(
            {QStringLiteral("--socket-dir"), service.socket_dir(), QStringLiteral("chat"),
             QStringLiteral("--provider"), QStringLiteral("openai"), QStringLiteral("--model"),
             QStringLiteral("gpt-4o"), QStringLiteral("--base-url"),
             QString::fromLatin1(provider.base_url() + "/v1"), QStringLiteral("hello")});
        QCOMPARE(run.exit_code, 0);
        QCOMPARE(run.out, QByteArray("part0 part1 \n"));
        QVERIFY2(run.err.contains("usage: 12 input, 34 output tokens"), run.err.constData());
    }

    // --settings supplies the provider settings (here the key and model), reasoning goes to
    // stderr, and the usage line adds the cache reads and writes (openai.ts processUsageMetrics:
    // cache_read_input_tokens, cache_creation_input_tokens).
    void chat_command_uses_the_settings_file_and_reports_reasoning_and_cache_usage() {
        ReplayServerThread provider(parse(
            std::string("[{\"match\":{\"path\":\"/chat/completions\"},\"sse\":[") +
            "{\"data\":{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\"}}]}},"
            "{\"data\":{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}},"
            "{\"data\":{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34,"
            "\"cache_read_input_tokens\":5,\"cache_creation_input_tokens\":7}}},"
            "{\"data\":\"[DONE]\"}]}]"));
        QTemporaryDir directory;
        const QString settings_path = directory.filePath(QStringLiteral("settings.json"));
        QFile settings(settings_path);
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("{\"openAiApiKey\":\"sk-file\",\"openAiModelId\":\"gpt-file\"}");
        settings.close();
        ServiceProcess service;
        QVERIFY(service.start());
        const CliRun run = lapce_ai::testing::run_cli(
            {QStringLiteral("--socket-dir"), service.socket_dir(), QStringLiteral("chat"),
             QStringLiteral("--provider"), QStringLiteral("openai"), QStringLiteral("--settings"),
             settings_path, QStringLiteral("--base-url"),
             QString::fromLatin1(provider.base_url() + "/v1"), QStringLiteral("hello")});
        QCOMPARE(run.exit_code, 0);
        QCOMPARE(run.out, QByteArray("ok\n"));
        QCOMPARE(run.err,
                 QByteArray("hmmusage: 12 input, 34 output tokens, cache 5 read / 7 written\n"));
        const auto requests = provider.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        QCOMPARE(requests[0].header("authorization"), QByteArray("Bearer sk-file"));
        QVERIFY2(requests[0].body.contains("\"model\":\"gpt-file\""), requests[0].body.constData());
    }

    // gemini.ts: thought parts are reasoning; the usage carries cachedContentTokenCount,
    // thoughtsTokenCount and the cost of gemini-2.5-flash (0.3 / 2.5 / 0.075 per million:
    // 90 uncached input, 20 output and 10 cached tokens cost $0.00007775).
    void chat_command_reports_reasoning_tokens_and_cost() {
        ReplayServerThread provider(
            parse(std::string("[{\"match\":{\"path\":\"streamGenerateContent\"},\"sse\":[") +
                  "{\"data\":{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hmm\","
                  "\"thought\":true}]}}]}},"
                  "{\"data\":{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]}}],"
                  "\"usageMetadata\":{\"promptTokenCount\":100,\"candidatesTokenCount\":20,"
                  "\"cachedContentTokenCount\":10,\"thoughtsTokenCount\":5}}}]}]"));
        ServiceProcess service;
        QVERIFY(service.start());
        const CliRun run = lapce_ai::testing::run_cli(
            {QStringLiteral("--socket-dir"), service.socket_dir(), QStringLiteral("chat"),
             QStringLiteral("--provider"), QStringLiteral("gemini"), QStringLiteral("--model"),
             QStringLiteral("gemini-2.5-flash"), QStringLiteral("--base-url"),
             QString::fromLatin1(provider.base_url()), QStringLiteral("hello")});
        QCOMPARE(run.exit_code, 0);
        QCOMPARE(run.out, QByteArray("ok\n"));
        QCOMPARE(run.err, QByteArray("hmmusage: 100 input, 20 output tokens, cache 10 read / 0 "
                                     "written, 5 reasoning, cost $0.000078\n"));
        const auto requests = provider.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        QCOMPARE(requests[0].path,
                 QByteArray("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"));
    }

    // Settings the command cannot build are usage errors (exit 2) reported before any request.
    void chat_command_rejects_bad_settings_with_usage_errors() {
        QTemporaryDir directory;
        const QString array_path = directory.filePath(QStringLiteral("array.json"));
        QFile array(array_path);
        QVERIFY(array.open(QIODevice::WriteOnly));
        array.write("[1]");
        array.close();
        const QString missing_path = directory.filePath(QStringLiteral("missing.json"));
        const QString socket_dir = directory.path();
        const auto chat = [&](QStringList arguments) {
            return lapce_ai::testing::run_cli(
                QStringList{QStringLiteral("--socket-dir"), socket_dir, QStringLiteral("chat")} +
                arguments + QStringList{QStringLiteral("hello")});
        };
        const CliRun unreadable = chat({QStringLiteral("--provider"), QStringLiteral("openai"),
                                        QStringLiteral("--settings"), missing_path});
        QCOMPARE(unreadable.exit_code, 2);
        QCOMPARE(unreadable.out, QByteArray());
        QCOMPARE(unreadable.err, "lapce-ai: cannot read " + missing_path.toUtf8() + "\n");
        const CliRun not_object = chat({QStringLiteral("--provider"), QStringLiteral("openai"),
                                        QStringLiteral("--settings"), array_path});
        QCOMPARE(not_object.exit_code, 2);
        QCOMPARE(not_object.err, "lapce-ai: " + array_path.toUtf8() + " is not a JSON object\n");
        const CliRun unknown = chat({QStringLiteral("--provider"), QStringLiteral("frobnicate")});
        QCOMPARE(unknown.exit_code, 2);
        QCOMPARE(unknown.err, QByteArray("lapce-ai: unknown provider 'frobnicate'\n"));
        const CliRun fixed = chat({QStringLiteral("--provider"), QStringLiteral("groq"),
                                   QStringLiteral("--base-url"), QStringLiteral("http://x")});
        QCOMPARE(fixed.exit_code, 2);
        QCOMPARE(fixed.err, QByteArray("lapce-ai: the groq provider has a fixed base URL\n"));
    }
};

QTEST_GUILESS_MAIN(TestProviderService)
#include "test_provider_service.moc"
