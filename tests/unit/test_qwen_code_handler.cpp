// QwenCodeHandler against a replay server that the cached OAuth credentials point at: think-tag
// splitting of repeated-prefix content, reasoning_content and usage; completePrompt's request and
// the token refresh after a 401.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "chunk_collector.h"
#include "ordered_json.h"
#include "provider_test_helpers.h"
#include "qwen_code_handler.h"
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

struct Fixture {
    explicit Fixture(OrderedJson responders) : server(std::move(responders)) {
        if (!server.listen()) qFatal("cannot listen");
        http.add_host_rewrite(QStringLiteral("https://chat.qwen.ai"),
                              QString::fromLatin1(server.base_url()));
        context.http = &http;
        credentials_path = directory.filePath(QStringLiteral("oauth_creds.json")).toStdString();
        QFile file(QString::fromStdString(credentials_path));
        if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write credentials");
        // Expires in 2100: valid without a refresh.
        file.write(QByteArray::fromStdString(single_quoted_json(
            "{'access_token':'old','refresh_token':'rt','token_type':'Bearer','resource_url':'" +
            server.base_url().toStdString() + "','expiry_date':4102444800000}")));
        file.close();
        handler = std::make_unique<QwenCodeHandler>(
            ProviderSettings(
                parse_single_quoted("{'qwenCodeOauthPath':'" + credentials_path + "'}")),
            context);
    }

    QTemporaryDir directory;
    std::string credentials_path;
    lapce_ai::testing::ReplayServer server;
    HttpClient http;
    ProviderContext context;
    std::unique_ptr<QwenCodeHandler> handler;
};

}  // namespace

class TestQwenCodeHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void streamed_content_is_split_at_think_tags_after_the_repeated_prefix() {
        Fixture fixture(OrderedJson::array({parse_single_quoted(
            "{'match':{'path':'^/v1/chat/completions$'},'sse':["
            "{'data':{'choices':[{'delta':{'content':'Hello '}}]}},"
            "{'data':{'choices':[{'delta':{'content':'Hello <think>plan</think>done'}}]}},"
            "{'data':{'choices':[{'delta':{'content':'x</think>y'}}]}},"
            "{'data':{'choices':[{'delta':{'reasoning_content':'r'}}]}},"
            "{'data':{'choices':[],'usage':{'prompt_tokens':5,'completion_tokens':3}}},"
            "{'data':'[DONE]'}]}")}));
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*fixture.handler, sink), std::string("no error"));
        // "Hello <think>plan</think>done" repeats "Hello " first: only the tail is split, its
        // even pieces text, its odd ones reasoning; empty pieces vanish.
        QCOMPARE(sink.lines(),
                 single_quoted_json("{'type':'text','text':'Hello '}\n"
                                    "{'type':'reasoning','text':'plan'}\n"
                                    "{'type':'text','text':'done'}\n"
                                    "{'type':'text','text':'x'}\n"
                                    "{'type':'reasoning','text':'y'}\n"
                                    "{'type':'reasoning','text':'r'}\n"
                                    "{'type':'usage','inputTokens':5,'outputTokens':3}\n"));
        const lapce_ai::testing::RecordedRequest& request = fixture.server.requests().at(0);
        QCOMPARE(request.header("authorization"), QByteArray("Bearer old"));
        QCOMPARE(request.body.toStdString(),
                 single_quoted_json("{'model':'qwen3-coder-plus','temperature':0,'messages':["
                                    "{'role':'system','content':'sys'},"
                                    "{'role':'user','content':'hi'}],'stream':true,"
                                    "'stream_options':{'include_usage':true},"
                                    "'max_completion_tokens':65536}"));
    }

    void complete_prompt_refreshes_the_token_after_a_401_and_retries() {
        Fixture fixture(OrderedJson::array({
            parse_single_quoted("{'match':{'path':'^/v1/chat/completions$'},'status':401,"
                                "'json':{'error':{'message':'expired'}}}"),
            parse_single_quoted(
                "{'match':{'path':'^/api/v1/oauth2/token$'},"
                "'json':{'access_token':'new','token_type':'Bearer','expires_in':3600}}"),
            parse_single_quoted("{'match':{'path':'^/v1/chat/completions$'},"
                                "'json':{'choices':[{'message':{'content':'answer'}}]}}"),
            parse_single_quoted(
                "{'match':{'path':'^/v1/chat/completions$'},'json':{'choices':[]}}"),
        }));
        Task<std::string> task = fixture.handler->complete_prompt("q");
        QCOMPARE(provider_error_text(run_to_end(task)), std::string("no error"));
        QCOMPARE(task.result(), std::string("answer"));
        const auto& requests = fixture.server.requests();
        QCOMPARE(requests.size(), std::size_t(3));
        QCOMPARE(requests[0].body.toStdString(),
                 single_quoted_json("{'model':'qwen3-coder-plus','messages':[{'role':'user',"
                                    "'content':'q'}],'max_completion_tokens':65536}"));
        QCOMPARE(requests[1].body, QByteArray("grant_type=refresh_token&refresh_token=rt&client_id="
                                              "f0304373b74a44d2b584a3fb70ca9e56"));
        QCOMPARE(requests[2].header("authorization"), QByteArray("Bearer new"));
        QCOMPARE(requests[2].body, requests[0].body);
        // The refreshed token is cached in the credentials file, the refresh token kept.
        QFile file(QString::fromStdString(fixture.credentials_path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const OrderedJson saved = *lapce_ai::json::parse_ordered_json(file.readAll().toStdString());
        QCOMPARE(compact(*saved.find("access_token")), std::string("\"new\""));
        QCOMPARE(compact(*saved.find("refresh_token")), std::string("\"rt\""));

        // `response.choices[0]?.message.content || ""`
        Task<std::string> empty = fixture.handler->complete_prompt("again");
        QCOMPARE(provider_error_text(run_to_end(empty)), std::string("no error"));
        QCOMPARE(empty.result(), std::string());
    }

    // loadCachedQwenCredentials: `Failed to load Qwen OAuth credentials: ${error}` with Node's
    // fs.readFile error, whose text names the failing syscall (open, or read for a directory).
    void unreadable_credential_files_fail_with_the_node_fs_error() {
        QTemporaryDir directory;
        const std::string root = directory.path().toStdString();
        QFile plain(directory.filePath(QStringLiteral("plain")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        QVERIFY(QFile::link(directory.filePath(QStringLiteral("loop_b")),
                            directory.filePath(QStringLiteral("loop_a"))));
        QVERIFY(QFile::link(directory.filePath(QStringLiteral("loop_a")),
                            directory.filePath(QStringLiteral("loop_b"))));
        const std::string long_name = root + "/" + std::string(300, 'n');
        const auto failure = [&](const std::string& path) {
            HttpClient http;
            ProviderContext context;
            context.http = &http;
            QwenCodeHandler handler(
                ProviderSettings(parse_single_quoted("{'qwenCodeOauthPath':'" + path + "'}")),
                context);
            Task<std::string> task = handler.complete_prompt("q");
            return provider_error_text(run_to_end(task));
        };
        const std::string prefix = "Error: Failed to load Qwen OAuth credentials: Error: ";
        QCOMPARE(failure(root), prefix + "EISDIR: illegal operation on a directory, read");
        QCOMPARE(failure(root + "/plain/oauth_creds.json"),
                 prefix + "ENOTDIR: not a directory, open '" + root + "/plain/oauth_creds.json'");
        QCOMPARE(failure(root + "/loop_a"),
                 prefix + "ELOOP: too many symbolic links encountered, open '" + root + "/loop_a'");
        QCOMPARE(failure(long_name),
                 prefix + "ENAMETOOLONG: name too long, open '" + long_name + "'");
        QCOMPARE(failure(root + "/missing.json"),
                 prefix + "ENOENT: no such file or directory, open '" + root + "/missing.json'");
    }
};

QTEST_GUILESS_MAIN(TestQwenCodeHandler)
#include "test_qwen_code_handler.moc"
