// GoogleAuthClient (google-auth-library 9.15.1 as the Vertex handlers use it) against the replay
// server standing in for the token endpoint: the service-account token request as the golden
// Vertex run sent it, the token reused until five minutes before it expires, the quota project
// header, where the credentials are read from (JSON, keyFile, GOOGLE_APPLICATION_CREDENTIALS,
// gcloud's well-known file) with the library's messages, and gaxios' retry decisions.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <map>

#include "api_handler.h"
#include "golden_case.h"
#include "google_auth_client.h"
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

// The golden Vertex case (its service-account key, clock and token request).
OrderedJson golden_vertex_case() {
    QFile file(lapce_ai::parity::golden_dir() +
               QStringLiteral("/providers/vertex/gemini_basic_stream.json"));
    if (!file.open(QIODevice::ReadOnly)) qFatal("golden vertex case not readable");
    return lapce_ai::testing::parse_test_json(file.readAll().toStdString());
}

OrderedJson golden_key(const OrderedJson& golden) {
    return lapce_ai::testing::parse_test_json(
        golden.find("settings")->find("vertexJsonCredentials")->as_string());
}

// A token endpoint (https://www.googleapis.com rewritten to a replay server), a settable clock
// and environment, and the headers (or error) of request_headers().
struct AuthFixture {
    explicit AuthFixture(const std::string& responders) : server(parse(responders)) {
        if (!server.listen()) qFatal("replay server did not listen");
        http.add_host_rewrite(QStringLiteral("https://www.googleapis.com"),
                              QString::fromLatin1(server.base_url()));
        context.http = &http;
        context.now = [this] { return clock; };
        context.environment = [this](std::string_view name) -> std::optional<std::string> {
            const auto found = environment.find(std::string(name));
            if (found == environment.end()) return std::nullopt;
            return found->second;
        };
    }

    std::exception_ptr headers_of(GoogleAuthClient& client) {
        Task<GoogleAuthClient::Headers> task = client.request_headers();
        bool finished = false;
        std::exception_ptr error = lapce_ai::testing::run_task(task, 15'000, finished);
        if (!finished) qFatal("task did not finish");
        headers = error ? GoogleAuthClient::Headers{} : task.result();
        return error;
    }

    testing::ReplayServer server;
    HttpClient http;
    ProviderContext context;
    QDateTime clock =
        QDateTime::fromString(QStringLiteral("2025-09-30T13:41:00.000Z"), Qt::ISODate);
    std::map<std::string, std::string> environment;
    GoogleAuthClient::Headers headers;
};

// The ProviderError a finished task threw.
template <typename T>
ProviderError thrown_error(Task<T>& task) {
    try {
        (void)task.result();
    } catch (const ProviderError& error) {
        return error;
    }
    qFatal("the task threw no ProviderError");
}

const char* const kTwoTokens =
    "[{'match':{'path':'^/oauth2/v4/token$'},'json':{'access_token':'tok-1','expires_in':3600,"
    "'token_type':'Bearer'}},{'match':{'path':'^/oauth2/v4/token$'},'json':{'access_token':"
    "'tok-2','expires_in':3600,'token_type':'Bearer'}}]";

void write_file(const QString& path, const QByteArray& content) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(content);
}

}  // namespace

class TestGoogleAuthClient : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        if (lapce_ai::parity::golden_dir().isEmpty()) QSKIP("golden data (the test key) not found");
    }

    void the_token_request_is_the_one_the_library_sends() {
        const OrderedJson golden = golden_vertex_case();
        AuthFixture fixture(kTwoTokens);
        GoogleAuthOptions options;
        options.credentials = golden_key(golden);
        GoogleAuthClient client(options, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(client)), std::string("no error"));
        QCOMPARE(fixture.headers, (GoogleAuthClient::Headers{{"Authorization", "Bearer tok-1"}}));

        QCOMPARE(fixture.server.requests().size(), std::size_t(1));
        const testing::RecordedRequest& request = fixture.server.requests()[0];
        const OrderedJson& expected = *golden.find("requests")->items().at(0).find("headers");
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/oauth2/v4/token"));
        for (const char* name : {"accept", "content-type", "user-agent"})
            QCOMPARE(request.header(name),
                     QByteArray::fromStdString(expected.find(name)->as_string()));
        // Same key, same clock: the same signed assertion.
        QCOMPARE(request.body,
                 QByteArray::fromStdString(
                     golden.find("requests")->items().at(0).find("body")->as_string()));
    }

    void the_token_is_reused_until_five_minutes_before_it_expires() {
        AuthFixture fixture(kTwoTokens);
        GoogleAuthOptions options;
        options.credentials = golden_key(golden_vertex_case());
        options.credentials.set("quota_project_id", OrderedJson::string("billing-project"));
        GoogleAuthClient client(options, fixture.context);
        const QDateTime start = fixture.clock;
        QCOMPARE(testing::provider_error_text(fixture.headers_of(client)), std::string("no error"));
        const GoogleAuthClient::Headers first{{"Authorization", "Bearer tok-1"},
                                              {"x-goog-user-project", "billing-project"}};
        QCOMPARE(fixture.headers, first);

        // Expires at iat + 3600 s; still usable while more than 5 minutes remain.
        fixture.clock = start.addMSecs((3600 - 300) * 1000 - 1);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(client)), std::string("no error"));
        QCOMPARE(fixture.headers, first);
        QCOMPARE(fixture.server.requests().size(), std::size_t(1));

        fixture.clock = start.addSecs(3600 - 300);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(client)), std::string("no error"));
        QCOMPARE(fixture.headers,
                 (GoogleAuthClient::Headers{{"Authorization", "Bearer tok-2"},
                                            {"x-goog-user-project", "billing-project"}}));
        QCOMPARE(fixture.server.requests().size(), std::size_t(2));
    }

    void a_key_file_is_read_and_a_missing_one_named() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString key_path = dir.filePath(QStringLiteral("key.json"));
        write_file(key_path, QByteArray::fromStdString(
                                 json::json_stringify(golden_key(golden_vertex_case()))));
        AuthFixture fixture(kTwoTokens);
        GoogleAuthOptions options;
        options.key_file = key_path.toStdString();
        GoogleAuthClient client(options, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(client)), std::string("no error"));
        QCOMPARE(fixture.headers, (GoogleAuthClient::Headers{{"Authorization", "Bearer tok-1"}}));

        // path.resolve + fs.createReadStream: Node's ENOENT for the absolute path.
        GoogleAuthOptions missing;
        missing.key_file = dir.filePath(QStringLiteral("missing.json")).toStdString();
        GoogleAuthClient unreadable(missing, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(unreadable)),
                 "Error: ENOENT: no such file or directory, open '" + *missing.key_file + "'");
        QCOMPARE(fixture.server.requests().size(), std::size_t(1));
    }

    void application_default_credentials_come_from_the_environment_then_gcloud() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray key =
            QByteArray::fromStdString(json::json_stringify(golden_key(golden_vertex_case())));
        AuthFixture fixture(kTwoTokens);
        fixture.environment["HOME"] = dir.path().toStdString();

        // Nothing configured: the library's "could not load" message.
        GoogleAuthClient none(GoogleAuthOptions{}, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(none)),
                 std::string("Error: Could not load the default credentials. Browse to "
                             "https://cloud.google.com/docs/authentication/getting-started for "
                             "more information."));

        // gcloud's well-known file under $HOME.
        write_file(
            dir.filePath(QStringLiteral(".config/gcloud/application_default_credentials.json")),
            key);
        GoogleAuthClient well_known(GoogleAuthOptions{}, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(well_known)),
                 std::string("no error"));
        QCOMPARE(fixture.headers, (GoogleAuthClient::Headers{{"Authorization", "Bearer tok-1"}}));

        // GOOGLE_APPLICATION_CREDENTIALS comes first; a file it names that is missing fails.
        const std::string missing = dir.filePath(QStringLiteral("adc.json")).toStdString();
        fixture.environment["GOOGLE_APPLICATION_CREDENTIALS"] = missing;
        GoogleAuthClient unreadable(GoogleAuthOptions{}, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(unreadable)),
                 "Error: Unable to read the credential file specified by the "
                 "GOOGLE_APPLICATION_CREDENTIALS environment variable: The file at " +
                     missing +
                     " does not exist, or it is not a file. ENOENT: no such file or directory, "
                     "lstat '" +
                     missing + "'");
        // A directory is no file either (the message of `new Error()` is empty).
        fixture.environment["GOOGLE_APPLICATION_CREDENTIALS"] = dir.path().toStdString();
        GoogleAuthClient directory(GoogleAuthOptions{}, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(directory)),
                 "Error: Unable to read the credential file specified by the "
                 "GOOGLE_APPLICATION_CREDENTIALS environment variable: The file at " +
                     QDir(dir.path()).canonicalPath().toStdString() +
                     " does not exist, or it is not a file. ");

        write_file(QString::fromStdString(missing), key);
        fixture.environment["GOOGLE_APPLICATION_CREDENTIALS"] = missing;
        GoogleAuthClient from_env(GoogleAuthOptions{}, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(from_env)),
                 std::string("no error"));
        QCOMPARE(fixture.headers, (GoogleAuthClient::Headers{{"Authorization", "Bearer tok-2"}}));
    }

    void only_service_account_keys_are_accepted() {
        AuthFixture fixture(kTwoTokens);
        GoogleAuthOptions options;
        options.credentials = parse(
            "{'type':'authorized_user','client_id':'c',"
            "'client_secret':'s','refresh_token':'r'}");
        GoogleAuthClient client(options, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(client)),
                 std::string("Error: Google credentials of type \"authorized_user\" are not "
                             "supported by lapce-ai; use a service account key."));
        QVERIFY(fixture.server.requests().empty());
    }

    void a_refused_grant_is_not_retried() {
        AuthFixture fixture(
            "[{'status':400,'json':{'error':'invalid_grant','error_description':"
            "'Invalid JWT Signature.'}},{'json':{'access_token':'never'}}]");
        GoogleAuthOptions options;
        options.credentials = golden_key(golden_vertex_case());
        GoogleAuthClient client(options, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(client)),
                 std::string("GaxiosError: invalid_grant: Invalid JWT Signature."));
        QCOMPARE(fixture.server.requests().size(), std::size_t(1));
    }

    void rate_limits_are_retried_three_times() {
        const std::string limited =
            "{'status':429,'json':{'error':'rate_limit_exceeded',"
            "'error_description':'Too many requests'}}";
        AuthFixture fixture("[" + limited + "," + limited + "," + limited + "," + limited + "]");
        GoogleAuthOptions options;
        options.credentials = golden_key(golden_vertex_case());
        GoogleAuthClient client(options, fixture.context);
        QCOMPARE(testing::provider_error_text(fixture.headers_of(client)),
                 std::string("GaxiosError: rate_limit_exceeded: Too many requests"));
        // The first try and gaxios' three retries.
        QCOMPARE(fixture.server.requests().size(), std::size_t(4));
    }

    void no_response_is_retried_twice() {
        // A server that hangs up on every connection: no response.
        QTcpServer hang_up;
        QVERIFY(hang_up.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&hang_up, &QTcpServer::newConnection, &hang_up, [&] {
            while (QTcpSocket* socket = hang_up.nextPendingConnection()) {
                socket->close();
                socket->deleteLater();
            }
        });
        HttpClient http;
        http.add_host_rewrite(QStringLiteral("https://www.googleapis.com"),
                              QStringLiteral("http://127.0.0.1:%1").arg(hang_up.serverPort()));
        ProviderContext context;
        context.http = &http;
        GoogleAuthOptions options;
        options.credentials = golden_key(golden_vertex_case());
        GoogleAuthClient client(options, context);
        Task<GoogleAuthClient::Headers> task = client.request_headers();
        bool finished = false;
        const std::string message =
            testing::provider_error_text(lapce_ai::testing::run_task(task, 15'000, finished));
        QVERIFY(finished);
        QCOMPARE(message, std::string("GaxiosError: request to "
                                      "https://www.googleapis.com/oauth2/v4/token failed, reason: "
                                      "socket hang up"));
        // GaxiosError keeps the code of node-fetch's system error.
        QCOMPARE(json::json_stringify(thrown_error(task).code), std::string("\"ECONNRESET\""));

        // Nothing listening: ECONNREFUSED, named after the address tried.
        HttpClient refused_http;
        refused_http.add_host_rewrite(
            QStringLiteral("https://www.googleapis.com"),
            QStringLiteral("http://127.0.0.1:%1").arg(testing::closed_port()));
        context.http = &refused_http;
        GoogleAuthClient refused(options, context);
        Task<GoogleAuthClient::Headers> again = refused.request_headers();
        QElapsedTimer elapsed;
        elapsed.start();
        const std::string refused_message =
            testing::provider_error_text(lapce_ai::testing::run_task(again, 15'000, finished));
        QVERIFY(finished);
        QVERIFY2(refused_message.starts_with("GaxiosError: request to "
                                             "https://www.googleapis.com/oauth2/v4/token failed, "
                                             "reason: connect ECONNREFUSED "),
                 refused_message.c_str());
        // Retried: 100 ms and then 500 ms after the failures before them (coarse timers may fire
        // 5 % early). Only a lower bound: a loaded machine makes it slower, never faster.
        QVERIFY2(elapsed.elapsed() >= 570, std::to_string(elapsed.elapsed()).c_str());
    }

    void an_unknown_host_is_named_and_keeps_its_code() {
        HttpClient http;
        http.add_host_rewrite(QStringLiteral("https://www.googleapis.com"),
                              QStringLiteral("http://nowhere.invalid"));
        ProviderContext context;
        context.http = &http;
        GoogleAuthOptions options;
        options.credentials = golden_key(golden_vertex_case());
        GoogleAuthClient client(options, context);
        Task<GoogleAuthClient::Headers> task = client.request_headers();
        bool finished = false;
        const std::exception_ptr error = lapce_ai::testing::run_task(task, 15'000, finished);
        QVERIFY(finished);
        // node-fetch names the host getaddrinfo looked up (here the rewritten one), no port.
        QCOMPARE(testing::provider_error_text(error),
                 std::string("GaxiosError: request to https://www.googleapis.com/oauth2/v4/token "
                             "failed, reason: getaddrinfo ENOTFOUND nowhere.invalid"));
        QCOMPARE(json::json_stringify(thrown_error(task).code), std::string("\"ENOTFOUND\""));
    }

    void an_error_object_in_the_body_keeps_its_code_under_gtokens_message() {
        // DefaultTransporter.processError takes the message from error.errors[].message (or
        // error.message) and the code from error.code; gtoken then rewrites the message to
        // `${body.error}${desc}`, which for an object is "[object Object]".
        AuthFixture fixture(
            "[{'status':403,'json':{'error':{'code':403,'message':'denied','errors':"
            "[{'message':'a'},{'message':'b'}]}}},"
            "{'status':401,'json':{'error':{'code':'UNAUTHENTICATED','message':'who'},"
            "'error_description':'bad key'}},"
            "{'status':404,'json':{'error':{'message':'gone'}}}]");
        GoogleAuthOptions options;
        options.credentials = golden_key(golden_vertex_case());

        const auto failure = [&](std::string_view expected_text) {
            GoogleAuthClient client(options, fixture.context);
            Task<GoogleAuthClient::Headers> task = client.request_headers();
            bool finished = false;
            const std::exception_ptr error = lapce_ai::testing::run_task(task, 15'000, finished);
            if (!finished) qFatal("task did not finish");
            const std::string text = testing::provider_error_text(error);
            if (text != expected_text) qWarning("got %s", text.c_str());
            return text == expected_text ? thrown_error(task) : ProviderError("none", "");
        };

        const ProviderError listed = failure("GaxiosError: [object Object]");
        QCOMPARE(listed.status, std::optional<int>(403));
        QCOMPARE(json::json_stringify(listed.code), std::string("403"));

        const ProviderError described = failure("GaxiosError: [object Object]: bad key");
        QCOMPARE(described.status, std::optional<int>(401));
        QCOMPARE(json::json_stringify(described.code), std::string("\"UNAUTHENTICATED\""));

        // No code in the error object: none on the error either (404 is not retried).
        const ProviderError plain = failure("GaxiosError: [object Object]");
        QCOMPARE(plain.status, std::optional<int>(404));
        QVERIFY(plain.code.is_null());
        QCOMPARE(fixture.server.requests().size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestGoogleAuthClient)
#include "test_google_auth_client.moc"
