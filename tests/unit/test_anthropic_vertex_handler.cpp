// AnthropicVertexHandler (anthropic-vertex.ts): GoogleAuth from a key file, and the TypeError a
// chunk without the field the handler reads with `!` raises.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "api_handler.h"
#include "chunk_collector.h"
#include "golden_case.h"
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

const char* const kPredictPath =
    "/v1/projects/p/locations/us-east5/publishers/anthropic/models/"
    "claude-sonnet-4-5@20250929:streamRawPredict";

// The service-account JSON of the golden vertex case (its test key), or "" when not found.
std::string golden_credentials() {
    if (lapce_ai::parity::golden_dir().isEmpty()) return {};
    QFile file(lapce_ai::parity::golden_dir() +
               QStringLiteral("/providers/vertex/anthropic_basic_stream.json"));
    if (!file.open(QIODevice::ReadOnly)) return {};
    const auto golden = lapce_ai::json::parse_ordered_json(file.readAll().toStdString());
    return golden->find("settings")->find("vertexJsonCredentials")->as_string();
}

OrderedJson token_reply() {
    return parse_single_quoted(
        "{'match':{'method':'POST','path':'^/oauth2/v4/token$'},'repeat':true,"
        "'json':{'access_token':'tok','expires_in':3599,'token_type':'Bearer'}}");
}

struct Fixture {
    explicit Fixture(OrderedJson responders) : server(std::move(responders)) {
        if (!server.listen()) qFatal("replay server did not listen");
        const QString base = QString::fromLatin1(server.base_url());
        http.add_host_rewrite(QStringLiteral("https://www.googleapis.com"), base);
        http.add_host_rewrite(QStringLiteral("https://us-east5-aiplatform.googleapis.com"), base);
        context.http = &http;
        context.environment = [](std::string_view) { return std::optional<std::string>(); };
    }
    lapce_ai::testing::ReplayServer server;
    HttpClient http;
    ProviderContext context;
};

}  // namespace

class TestAnthropicVertexHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // vertexKeyFile (no vertexJsonCredentials): GoogleAuth reads the service account from the
    // file, exchanges its JWT for a token and the request carries that token.
    void a_key_file_supplies_the_service_account() {
        const std::string credentials = golden_credentials();
        if (credentials.empty()) QSKIP("golden data (the test key) not found");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString key_path = dir.filePath(QStringLiteral("key.json"));
        QFile key(key_path);
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write(QByteArray::fromStdString(credentials));
        key.close();

        Fixture fixture(OrderedJson::array(
            {token_reply(),
             parse_single_quoted(
                 "{'match':{'path':':streamRawPredict$'},'sse':["
                 "{'event':'message_start','data':{'type':'message_start','message':{"
                 "'usage':{'input_tokens':3,'output_tokens':1,'cache_read_input_tokens':2}}}},"
                 "{'event':'content_block_start','data':{'type':'content_block_start',"
                 "'index':0,'content_block':{'type':'text','text':''}}},"
                 "{'event':'content_block_delta','data':{'type':'content_block_delta',"
                 "'index':0,'delta':{'type':'text_delta','text':'hi'}}},"
                 "{'event':'message_delta','data':{'type':'message_delta','delta':{},"
                 "'usage':{'output_tokens':4}}},"
                 "{'event':'message_stop','data':{'type':'message_stop'}}]}")}));
        OrderedJson settings = OrderedJson::object({});
        settings.set("vertexKeyFile", OrderedJson::string(key_path.toStdString()));
        settings.set("vertexProjectId", OrderedJson::string("p"));
        settings.set("apiModelId", OrderedJson::string("claude-sonnet-4-5@20250929"));
        auto handler = build_api_handler("vertex", ProviderSettings(settings), fixture.context);
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink), std::string("no error"));
        QCOMPARE(sink.lines(),
                 single_quoted_json("{'type':'usage','inputTokens':3,'outputTokens':1,"
                                    "'cacheReadTokens':2}\n"
                                    "{'type':'text','text':''}\n"
                                    "{'type':'text','text':'hi'}\n"
                                    "{'type':'usage','inputTokens':0,'outputTokens':4}\n"));
        const auto& requests = fixture.server.requests();
        QCOMPARE(requests.size(), std::size_t(2));
        QCOMPARE(requests.at(0).path, QByteArray("/oauth2/v4/token"));
        QVERIFY(requests.at(0).body.contains(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"));
        QCOMPARE(requests.at(1).path, QByteArray(kPredictPath));
        QCOMPARE(requests.at(1).header("authorization"), QByteArray("Bearer tok"));
    }

    // `chunk.message!.usage` on a message_start without message: V8's TypeError, after the
    // chunks yielded before it.
    void a_message_start_without_message_fails_reading_usage() {
        const std::string credentials = golden_credentials();
        if (credentials.empty()) QSKIP("golden data (the test key) not found");
        Fixture fixture(OrderedJson::array(
            {token_reply(),
             parse_single_quoted("{'match':{'path':':streamRawPredict$'},'sse':["
                                 "{'event':'message_start','data':{'type':'message_start'}},"
                                 "{'event':'message_stop','data':{'type':'message_stop'}}]}")}));
        OrderedJson settings = OrderedJson::object({});
        settings.set("vertexJsonCredentials", OrderedJson::string(credentials));
        settings.set("vertexProjectId", OrderedJson::string("p"));
        settings.set("apiModelId", OrderedJson::string("claude-sonnet-4-5@20250929"));
        auto handler = build_api_handler("vertex", ProviderSettings(settings), fixture.context);
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink),
                 std::string("TypeError: Cannot read properties of undefined (reading 'usage')"));
        QVERIFY(sink.chunks.empty());
    }
};

QTEST_GUILESS_MAIN(TestAnthropicVertexHandler)
#include "test_anthropic_vertex_handler.moc"
