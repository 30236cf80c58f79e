// BedrockRuntimeClient against the replay server (on an ephemeral port, given as the client's
// endpoint): the Converse request as @aws-sdk/client-bedrock-runtime 3.848.0 builds and signs
// it, de_ConverseCommand's output and its failures, the checks made before sending, the
// standard retry strategy (which errors it retries, attempt headers, retry-after, attempts on
// the thrown error), the SigV4 signer's clock-skew correction and the abort timer.

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "bedrock_runtime_client.h"
#include "http_client.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "replay_server.h"
#include "run_task.h"
#include "task.h"
#include "test_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::json_stringify;
using json::OrderedJson;

namespace {

OrderedJson j(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

template <typename T>
std::exception_ptr run(Task<T>& task) {
    bool finished = false;
    std::exception_ptr error = lapce_ai::testing::run_task(task, 20'000, finished);
    if (!finished) qFatal("task did not finish");
    return error;
}

ProviderError provider_error(std::exception_ptr error) {
    if (!error) return ProviderError("none", "nothing was thrown");
    try {
        std::rethrow_exception(error);
    } catch (const ProviderError& thrown) {
        return thrown;
    } catch (const std::exception& thrown) {
        return ProviderError("not a ProviderError", thrown.what());
    }
}

// run(task) succeeded; otherwise fails the test with what was thrown.
#define EXPECT_SUCCESS(task)                                                                    \
    do {                                                                                        \
        const std::exception_ptr thrown = run(task);                                            \
        QVERIFY2(                                                                               \
            !thrown,                                                                            \
            (provider_error(thrown).name() + ": " + provider_error(thrown).message()).c_str()); \
    } while (false)

QString metadata_of(const ProviderError& error) {
    const OrderedJson* metadata = error.extra.is_object() ? error.extra.find("$metadata") : nullptr;
    return metadata ? QString::fromStdString(json_stringify(*metadata)) : QString();
}

const char* const kModelId = "anthropic.claude-3-5-sonnet-20241022-v2:0";
const char* const kConversePath =
    "/base/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
const char* const kSignedHeaders =
    "SignedHeaders=:authority;amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;"
    "x-amz-content-sha256;x-amz-date;x-amz-user-agent, Signature=";
const char* const kOkResponse =
    R"({"json":{"output":{"message":{"role":"assistant","content":[{"text":"Hello"}]}},)"
    R"("stopReason":"end_turn","usage":{"inputTokens":3,"outputTokens":1,"totalTokens":4}}})";

OrderedJson converse_input() {
    return j(R"({"modelId":"anthropic.claude-3-5-sonnet-20241022-v2:0",)"
             R"("messages":[{"content":[{"text":"hi"}],"role":"user"}],)"
             R"("inferenceConfig":{"maxTokens":10,"temperature":0.3}})");
}

// The tasks start lazily and keep a reference to their input: it must outlive them.
const OrderedJson kInput = converse_input();

// A client with a pinned clock, invocation id and environment (no AWS variables, no home).
struct Fixture {
    explicit Fixture(std::map<std::string, std::string> environment = {}) {
        context.http = &http;
        context.now = [] {
            return QDateTime::fromString(QStringLiteral("2025-09-30T13:41:00Z"), Qt::ISODate);
        };
        context.random_uuid = [] { return std::string("00000000-0000-4000-8000-000000000001"); };
        environment.emplace("HOME", "/nonexistent-home");
        context.environment = [environment](std::string_view name) -> std::optional<std::string> {
            const auto found = environment.find(std::string(name));
            if (found == environment.end()) return std::nullopt;
            return found->second;
        };
    }
    static BedrockRuntimeClientConfig static_keys(std::optional<std::string> endpoint,
                                                  std::optional<std::string> region = "us-west-2") {
        BedrockRuntimeClientConfig config;
        config.region = std::move(region);
        config.endpoint = std::move(endpoint);
        config.auth.kind = BedrockAuth::Kind::StaticKeys;
        config.auth.credentials = AwsCredentials{"AKIDEXAMPLE", "secret", std::nullopt};
        return config;
    }
    HttpClient http;
    ProviderContext context;
};

std::string endpoint_of(const testing::ReplayServer& server) {
    return server.base_url().toStdString() + "/base/";
}

}  // namespace

class TestBedrockRuntimeClient : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void converse_is_signed_and_posted_under_the_endpoint_path() {
        testing::ReplayServer server(j(std::string("[") + kOkResponse + "]"));
        QVERIFY(server.listen());
        Fixture fixture;
        BedrockRuntimeClient client(Fixture::static_keys(endpoint_of(server)), fixture.context);
        Task<OrderedJson> task = client.converse(kInput);
        EXPECT_SUCCESS(task);
        const OrderedJson output = task.result();
        QCOMPARE(
            QString::fromStdString(json_stringify(*output.find("output"))),
            QStringLiteral(R"({"message":{"content":[{"text":"Hello"}],"role":"assistant"}})"));
        QCOMPARE(output.find("stopReason")->as_string(), std::string("end_turn"));

        QCOMPARE(server.requests().size(), std::size_t(1));
        const testing::RecordedRequest& request = server.requests()[0];
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray(kConversePath));
        // The serializer's member order; modelId travels in the path only.
        const QByteArray body = R"({"inferenceConfig":{"maxTokens":10,"temperature":0.3},)"
                                R"("messages":[{"content":[{"text":"hi"}],"role":"user"}]})";
        QCOMPARE(request.body, body);
        QCOMPARE(request.header("host"), "127.0.0.1:" + QByteArray::number(server.port()));
        QCOMPARE(request.header("content-type"), QByteArray("application/json"));
        QCOMPARE(request.header("x-amz-date"), QByteArray("20250930T134100Z"));
        QCOMPARE(request.header("x-amz-content-sha256"),
                 QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
        QCOMPARE(request.header("amz-sdk-invocation-id"),
                 QByteArray("00000000-0000-4000-8000-000000000001"));
        QCOMPARE(request.header("amz-sdk-request"), QByteArray("attempt=1; max=3"));
        QCOMPARE(request.header("x-amz-user-agent"), QByteArray("aws-sdk-js/3.848.0"));
        QVERIFY(request.header("x-amz-security-token").isEmpty());
        const QByteArray authorization = request.header("authorization");
        QVERIFY2(
            authorization.startsWith(
                QByteArray("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250930/us-west-2/bedrock/"
                           "aws4_request, ") +
                kSignedHeaders),
            authorization.constData());
    }

    void an_api_key_is_sent_as_a_bearer_token_without_a_signature() {
        testing::ReplayServer server(j(std::string("[") + kOkResponse + "]"));
        QVERIFY(server.listen());
        Fixture fixture;
        BedrockRuntimeClientConfig config;
        config.region = "us-east-1";
        config.endpoint = endpoint_of(server);
        config.auth.kind = BedrockAuth::Kind::ApiKey;
        config.auth.api_key = "bedrock-api-key";
        BedrockRuntimeClient client(std::move(config), fixture.context);
        Task<OrderedJson> task = client.converse(kInput);
        EXPECT_SUCCESS(task);
        const testing::RecordedRequest& request = server.requests().at(0);
        QCOMPARE(request.header("authorization"), QByteArray("Bearer bedrock-api-key"));
        QVERIFY(request.header("x-amz-date").isEmpty());
        QVERIFY(request.header("x-amz-content-sha256").isEmpty());
        QCOMPARE(request.header("amz-sdk-request"), QByteArray("attempt=1; max=3"));
    }

    void the_region_comes_from_aws_region_when_the_config_has_none() {
        testing::ReplayServer server(j(std::string("[") + kOkResponse + "]"));
        QVERIFY(server.listen());
        Fixture fixture(std::map<std::string, std::string>{{"AWS_REGION", "eu-central-1"}});
        BedrockRuntimeClient client(Fixture::static_keys(endpoint_of(server), std::nullopt),
                                    fixture.context);
        QCOMPARE(*client.region(), std::string("eu-central-1"));
        Task<OrderedJson> task = client.converse(kInput);
        EXPECT_SUCCESS(task);
        QVERIFY(server.requests()
                    .at(0)
                    .header("authorization")
                    .contains("/20250930/eu-central-1/bedrock/aws4_request"));
    }

    void requests_the_sdk_cannot_build_fail_before_sending() {
        testing::ReplayServer server(j(std::string("[") + kOkResponse + "]"));
        QVERIFY(server.listen());
        Fixture fixture;
        BedrockRuntimeClient no_region(Fixture::static_keys(endpoint_of(server), std::nullopt),
                                       fixture.context);
        QVERIFY(!no_region.region());
        Task<OrderedJson> task = no_region.converse(kInput);
        QCOMPARE(provider_error(run(task)).message(), std::string("Region is missing"));

        BedrockRuntimeClient client(Fixture::static_keys(endpoint_of(server)), fixture.context);
        OrderedJson input = converse_input();
        input.set("modelId", OrderedJson::string(""));
        Task<OrderedJson> empty_model = client.converse(input);
        QCOMPARE(provider_error(run(empty_model)).message(),
                 std::string("Empty value provided for input HTTP label: modelId."));

        BedrockRuntimeClient bad_endpoint(Fixture::static_keys("not a url"), fixture.context);
        Task<OrderedJson> invalid = bad_endpoint.converse(kInput);
        const ProviderError error = provider_error(run(invalid));
        QCOMPARE(error.name() + ": " + error.message(), std::string("TypeError: Invalid URL"));

        // A tool result the serializer cannot write.
        OrderedJson unserializable = converse_input();
        unserializable.set(
            "messages",
            j(R"([{"content":[{"toolResult":{"content":[{}],"status":"success","toolUseId":"t"}}],)"
              R"("role":"user"}])"));
        Task<OrderedJson> bad_message = client.converse(unserializable);
        QCOMPARE(provider_error(run(bad_message)).message(),
                 std::string("Cannot read properties of undefined (reading '0')"));
        QCOMPARE(server.requests().size(), std::size_t(0));
    }

    void transient_errors_are_retried_with_the_same_invocation_id() {
        testing::ReplayServer server(
            j(std::string(
                  R"([{"status":500,"headers":{"x-amzn-errortype":"InternalServerException"},)"
                  R"("json":{"message":"internal"}},)") +
              kOkResponse + "]"));
        QVERIFY(server.listen());
        Fixture fixture;
        BedrockRuntimeClient client(Fixture::static_keys(endpoint_of(server)), fixture.context);
        Task<OrderedJson> task = client.converse(kInput);
        EXPECT_SUCCESS(task);
        QCOMPARE(server.requests().size(), std::size_t(2));
        QCOMPARE(server.requests()[0].header("amz-sdk-request"), QByteArray("attempt=1; max=3"));
        QCOMPARE(server.requests()[1].header("amz-sdk-request"), QByteArray("attempt=2; max=3"));
        QCOMPARE(server.requests()[1].header("amz-sdk-invocation-id"),
                 server.requests()[0].header("amz-sdk-invocation-id"));
        QCOMPARE(server.requests()[1].body, server.requests()[0].body);
    }

    void client_errors_are_thrown_after_one_attempt() {
        testing::ReplayServer server(
            j(R"([{"status":400,"headers":{"x-amzn-requestid":"req-9",)"
              "\"x-amzn-errortype\":\"ValidationException:http://internal.amazon.com/coral/\"},"
              R"("json":{"message":"The provided model identifier is invalid."}},)"
              R"({"json":{}}])"));
        QVERIFY(server.listen());
        Fixture fixture;
        BedrockRuntimeClient client(Fixture::static_keys(endpoint_of(server)), fixture.context);
        Task<OrderedJson> task = client.converse(kInput);
        const ProviderError error = provider_error(run(task));
        QCOMPARE(error.name(), std::string("ValidationException"));
        QCOMPARE(error.message(), std::string("The provided model identifier is invalid."));
        QCOMPARE(metadata_of(error),
                 QStringLiteral(R"({"httpStatusCode":400,"requestId":"req-9","attempts":1})"));
        QCOMPARE(server.requests().size(), std::size_t(1));
    }

    void a_retry_after_date_delays_the_retry_and_a_number_of_seconds_does_not() {
        // getRetryAfterHint reads "30" as the date 30 s after the epoch: long past.
        testing::ReplayServer numeric(
            j(std::string(R"([{"status":503,"headers":{"retry-after":"30"},"json":{}},)") +
              kOkResponse + "]"));
        QVERIFY(numeric.listen());
        Fixture fixture;
        BedrockRuntimeClient fast(Fixture::static_keys(endpoint_of(numeric)), fixture.context);
        QElapsedTimer timer;
        timer.start();
        Task<OrderedJson> first = fast.converse(kInput);
        EXPECT_SUCCESS(first);
        QCOMPARE(numeric.requests().size(), std::size_t(2));
        // Far from the 30 s that reading it as seconds would wait, whatever the machine's load.
        QVERIFY2(timer.elapsed() < 20000, QByteArray::number(timer.elapsed()).constData());

        // A date one second after the (pinned) clock.
        testing::ReplayServer dated(
            j(std::string(R"([{"status":503,"headers":{"retry-after":)"
                          R"("Tue, 30 Sep 2025 13:41:01 GMT"},"json":{}},)") +
              kOkResponse + "]"));
        QVERIFY(dated.listen());
        BedrockRuntimeClient slow(Fixture::static_keys(endpoint_of(dated)), fixture.context);
        timer.restart();
        Task<OrderedJson> second = slow.converse(kInput);
        EXPECT_SUCCESS(second);
        QCOMPARE(dated.requests().size(), std::size_t(2));
        QVERIFY2(timer.elapsed() >= 900, QByteArray::number(timer.elapsed()).constData());
    }

    void a_skewed_server_date_on_an_error_corrects_the_clock_and_retries() {
        testing::ReplayServer server(
            j(std::string(R"([{"status":403,"headers":{"date":"Tue, 30 Sep 2025 13:51:00 GMT",)"
                          R"("x-amzn-errortype":"InvalidSignatureException"},)"
                          R"("json":{"message":"Signature expired"}},)") +
              kOkResponse + "]"));
        QVERIFY(server.listen());
        Fixture fixture;
        BedrockRuntimeClient client(Fixture::static_keys(endpoint_of(server)), fixture.context);
        Task<OrderedJson> task = client.converse(kInput);
        EXPECT_SUCCESS(task);
        QCOMPARE(server.requests().size(), std::size_t(2));
        QCOMPARE(server.requests()[0].header("x-amz-date"), QByteArray("20250930T134100Z"));
        QCOMPARE(server.requests()[1].header("x-amz-date"), QByteArray("20250930T135100Z"));
    }

    void a_skewed_date_on_a_success_applies_to_the_next_request_and_a_small_one_does_not() {
        testing::ReplayServer server(
            j(R"([{"headers":{"date":"Tue, 30 Sep 2025 13:45:00 GMT"},"json":{}},)"
              R"({"headers":{"date":"Tue, 30 Sep 2025 13:20:00 GMT"},"json":{}},{"json":{}}])"));
        QVERIFY(server.listen());
        Fixture fixture;
        BedrockRuntimeClient client(Fixture::static_keys(endpoint_of(server)), fixture.context);
        for (int i = 0; i < 3; ++i) {
            Task<OrderedJson> task = client.converse(kInput);
            EXPECT_SUCCESS(task);
        }
        QCOMPARE(server.requests().size(), std::size_t(3));
        // 4 minutes off: kept; 21 minutes behind: the new offset.
        QCOMPARE(server.requests()[1].header("x-amz-date"), QByteArray("20250930T134100Z"));
        QCOMPARE(server.requests()[2].header("x-amz-date"), QByteArray("20250930T132000Z"));
    }

    void a_refused_connection_is_retried_then_thrown_with_its_code_and_attempts() {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        Fixture fixture;
        BedrockRuntimeClient client(
            Fixture::static_keys("http://127.0.0.1:" + std::to_string(port)), fixture.context);
        Task<OrderedJson> task = client.converse(kInput);
        const ProviderError error = provider_error(run(task));
        QCOMPARE(error.message(), "connect ECONNREFUSED 127.0.0.1:" + std::to_string(port));
        QCOMPARE(error.code.as_string(), std::string("ECONNREFUSED"));
        QCOMPARE(metadata_of(error), QStringLiteral(R"({"attempts":3})"));
    }

    void the_abort_timer_ends_the_request_without_a_retry() {
        QTcpServer silent;  // accepts connections, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        Fixture fixture;
        BedrockRuntimeClient client(
            Fixture::static_keys("http://127.0.0.1:" + std::to_string(silent.serverPort())),
            fixture.context);
        Task<std::unique_ptr<HttpResponse>> task =
            client.converse_stream(kInput, std::chrono::milliseconds(300));
        const ProviderError error = provider_error(run(task));
        QCOMPARE(QString::fromStdString(json_stringify(error.to_json())),
                 QStringLiteral(R"({"name":"Error","message":"Request aborted",)"
                                R"("error_name":"AbortError","$metadata":{"attempts":1}})"));
    }

    void converse_bodies_the_deserializer_rejects_carry_its_hint_and_the_status() {
        testing::ReplayServer server(
            j("[{\"raw\":\"{\"},{\"raw\":\"null\"},{\"raw\":\"5\"},{\"json\":[1]},"
              R"({"json":{"output":{}}},)"
              R"({"json":{"output":{"message":{"content":[]},"x":1}}}])"));
        QVERIFY(server.listen());
        Fixture fixture;
        BedrockRuntimeClient client(Fixture::static_keys(endpoint_of(server)), fixture.context);
        const std::string hint =
            "\n  Deserialization error: to see the raw response, inspect the hidden field "
            "{error}.$response on this object.";
        const auto failure = [&] {
            Task<OrderedJson> task = client.converse(kInput);
            return provider_error(run(task));
        };
        ProviderError error = failure();
        QCOMPARE(error.name(), std::string("SyntaxError"));
        QVERIFY(error.message().ends_with(hint));
        QCOMPARE(metadata_of(error), QStringLiteral(R"({"httpStatusCode":200,"attempts":1})"));
        error = failure();
        QCOMPARE(error.name() + ": " + error.message(),
                 "TypeError: Expected a non-null value for body" + hint);
        error = failure();
        QCOMPARE(error.message(), "Expected object, got number: 5" + hint);
        error = failure();
        QCOMPARE(error.message(), "Expected object, got array: 1" + hint);
        error = failure();
        QCOMPARE(error.message(),
                 "Unions must have exactly one non-null member. None were found." + hint);
        error = failure();
        QCOMPARE(
            error.message(),
            "Unions must have exactly one non-null member. Keys message,x were not null." + hint);
        // None of these is retried.
        QCOMPARE(server.requests().size(), std::size_t(6));
    }

    void converse_output_keeps_unknown_members_and_reads_text_blocks() {
        testing::ReplayServer server(j(
            R"([{"json":{"output":{"other":{"x":1}}}},)"
            R"({"json":{"output":{"__type":"t","message":{"role":"assistant",)"
            R"("content":[null,{"text":7},{"toolUse":{"input":{},"name":"n","toolUseId":"u"}}]}}}}])"));
        QVERIFY(server.listen());
        Fixture fixture;
        BedrockRuntimeClient client(Fixture::static_keys(endpoint_of(server)), fixture.context);
        Task<OrderedJson> unknown = client.converse(kInput);
        EXPECT_SUCCESS(unknown);
        QCOMPARE(QString::fromStdString(json_stringify(*unknown.result().find("output"))),
                 QStringLiteral(R"({"$unknown":["other",{"x":1}]})"));
        Task<OrderedJson> message = client.converse(kInput);
        EXPECT_SUCCESS(message);
        QCOMPARE(QString::fromStdString(json_stringify(*message.result().find("output"))),
                 QStringLiteral(R"({"message":{"content":[{"text":"7"},)"
                                R"({"toolUse":{"input":{},"name":"n","toolUseId":"u"}}],)"
                                R"("role":"assistant"}})"));
    }
};

QTEST_GUILESS_MAIN(TestBedrockRuntimeClient)
#include "test_bedrock_runtime_client.moc"
