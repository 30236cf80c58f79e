// The errors and JavaScript value reads the provider SDK emulations share, beyond the golden
// cases: Node fetch (undici) and node-fetch connection failures, axios.get's rejections and its
// text bodies, zod 3 issues, Number() as the model fetchers apply it, @google/genai's error reads
// inside a stream, ProviderContext's environment, and HuggingFaceHandler's model defaults.
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

#include <cmath>
#include <limits>

#include "api_handler.h"
#include "axios_get.h"
#include "fetch_errors.h"
#include "fetcher_json.h"
#include "genai_stream.h"
#include "http_client.h"
#include "huggingface_handler.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "provider_test_helpers.h"
#include "replay_server.h"
#include "run_task.h"
#include "task.h"
#include "test_json.h"
#include "transport_error.h"
#include "zod_issues.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::OrderedJson;

namespace {

OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(testing::single_quoted_json(std::string(text)));
}

std::string quoted(std::string_view text) {
    return testing::single_quoted_json(std::string(text));
}

using Kind = TransportError::Kind;

TransportError failure(Kind kind) {
    return TransportError(kind, "Qt says no", "api.example.com:8443");
}

// The AxiosError `task` rejected with ("no error" / "not an AxiosError" otherwise).
struct AxiosOutcome {
    std::string message;
    std::string code;  // JSON of error.code
    std::optional<AxiosError::Response> response;
};

AxiosOutcome axios_outcome(const std::exception_ptr& error) {
    if (!error) return {"no error", "", std::nullopt};
    try {
        std::rethrow_exception(error);
    } catch (const AxiosError& thrown) {
        return {thrown.message(), json::json_stringify(thrown.code), thrown.response};
    } catch (...) {
        return {"not an AxiosError", "", std::nullopt};
    }
}

// Every payload of a @google/genai stream over the responder's body, and what ended it.
struct GenaiRun {
    explicit GenaiRun(const std::string& responder) : server(parse("[" + responder + "]")) {
        if (!server.listen()) qFatal("replay server did not listen");
        auto read_all = [this]() -> Task<void> {
            HttpRequest request;
            request.url = QUrl(QString::fromLatin1(server.base_url() + "/stream"));
            GenaiResponseStream stream(co_await http.send(std::move(request)));
            while (std::optional<OrderedJson> payload = co_await stream.next())
                payloads.push_back(json::json_stringify(*payload));
        };
        Task<void> task = read_all();
        error = testing::provider_error_text(testing::run_to_end(task));
    }

    testing::ReplayServer server;
    HttpClient http;
    std::vector<std::string> payloads;
    std::string error;
};

}  // namespace

class TestProviderSdkErrors : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void undici_causes_are_the_node_system_errors() {
        QCOMPARE(json::json_stringify(undici_error_cause(failure(Kind::ConnectionRefused))),
                 quoted("{'name':'Error','message':'connect ECONNREFUSED api.example.com:8443',"
                        "'code':'ECONNREFUSED'}"));
        // getaddrinfo names the host without the port.
        QCOMPARE(json::json_stringify(undici_error_cause(failure(Kind::HostNotFound))),
                 quoted("{'name':'Error','message':'getaddrinfo ENOTFOUND api.example.com',"
                        "'code':'ENOTFOUND'}"));
        QCOMPARE(json::json_stringify(undici_error_cause(failure(Kind::ClosedBeforeResponse))),
                 quoted("{'name':'SocketError','message':'other side closed',"
                        "'code':'UND_ERR_SOCKET'}"));
        const OrderedJson timeout = undici_error_cause(failure(Kind::Timeout));
        QCOMPARE(timeout.find("name")->as_string(), std::string("ConnectTimeoutError"));
        QVERIFY(timeout.find("message")->as_string().starts_with("Connect Timeout Error"));
        QCOMPARE(timeout.find("code")->as_string(), std::string("UND_ERR_CONNECT_TIMEOUT"));
        // Anything else: a plain Error without a code.
        QCOMPARE(json::json_stringify(undici_error_cause(failure(Kind::Other))),
                 quoted("{'name':'Error','message':'Qt says no'}"));
    }

    void fetch_fails_before_a_response_and_terminates_during_a_body() {
        const ProviderError refused = undici_fetch_error(failure(Kind::ConnectionRefused));
        QCOMPARE(refused.name() + ": " + refused.message(), std::string("TypeError: fetch failed"));
        QCOMPARE(refused.cause.find("code")->as_string(), std::string("ECONNREFUSED"));
        const ProviderError cut = undici_fetch_error(failure(Kind::ClosedMidBody));
        QCOMPARE(cut.name() + ": " + cut.message(), std::string("TypeError: terminated"));
        QCOMPARE(cut.cause.find("name")->as_string(), std::string("SocketError"));
        QCOMPARE(cut.cause.find("message")->as_string(), std::string("other side closed"));
    }

    void node_fetch_request_errors_name_the_url_and_keep_the_system_code() {
        const std::string url = "https://api.example.com:8443/v1/messages";
        const ProviderError missing = node_fetch_request_error(failure(Kind::HostNotFound), url);
        QCOMPARE(missing.name() + ": " + missing.message(),
                 std::string("FetchError: request to https://api.example.com:8443/v1/messages "
                             "failed, reason: getaddrinfo ENOTFOUND api.example.com"));
        QCOMPARE(json::json_stringify(missing.code), std::string("\"ENOTFOUND\""));
        const ProviderError hang_up =
            node_fetch_request_error(failure(Kind::ClosedBeforeResponse), url);
        QCOMPARE(hang_up.message(),
                 std::string("request to https://api.example.com:8443/v1/messages failed, "
                             "reason: socket hang up"));
        QCOMPARE(json::json_stringify(hang_up.code), std::string("\"ECONNRESET\""));
        // No system error code: none is set.
        const ProviderError other = node_fetch_request_error(failure(Kind::Timeout), url);
        QCOMPARE(other.message(),
                 std::string("request to https://api.example.com:8443/v1/messages failed, "
                             "reason: Qt says no"));
        QVERIFY(other.code.is_null());
    }

    void node_fetch_bodies_cut_short_close_prematurely() {
        const ProviderError stream = node_fetch_body_stream_error(failure(Kind::ClosedMidBody));
        QCOMPARE(stream.name() + ": " + stream.message(), std::string("Error: Premature close"));
        QCOMPARE(json::json_stringify(stream.code), std::string("\"ERR_STREAM_PREMATURE_CLOSE\""));
        const ProviderError reset = node_fetch_body_stream_error(failure(Kind::ConnectionRefused));
        QCOMPARE(reset.message(), std::string("connect ECONNREFUSED api.example.com:8443"));
        QCOMPARE(json::json_stringify(reset.code), std::string("\"ECONNREFUSED\""));

        const ProviderError consumed =
            node_fetch_consume_body_error(failure(Kind::ClosedMidBody), "https://x.test/v1");
        QCOMPARE(consumed.name() + ": " + consumed.message(),
                 std::string("FetchError: Invalid response body while trying to fetch "
                             "https://x.test/v1: Premature close"));
        QCOMPARE(json::json_stringify(consumed.code),
                 std::string("\"ERR_STREAM_PREMATURE_CLOSE\""));
    }

    void axios_returns_a_body_that_is_not_json_as_text() {
        testing::ReplayServer server(parse("[{'raw':'plain words'},{'status':500,'raw':'oops'}]"));
        QVERIFY(server.listen());
        HttpClient http;
        Task<OrderedJson> text = axios_get(http, server.base_url().toStdString() + "/models");
        QCOMPARE(axios_outcome(testing::run_to_end(text)).message, std::string("no error"));
        QCOMPARE(json::json_stringify(text.result()), std::string("\"plain words\""));

        Task<OrderedJson> failed = axios_get(http, server.base_url().toStdString() + "/models");
        const AxiosOutcome outcome = axios_outcome(testing::run_to_end(failed));
        QCOMPARE(outcome.message, std::string("Request failed with status code 500"));
        QCOMPARE(outcome.code, std::string("\"ERR_BAD_RESPONSE\""));
        QVERIFY(outcome.response);
        QCOMPARE(outcome.response->status, 500);
        QCOMPARE(outcome.response->status_text, std::string("Internal Server Error"));
        QCOMPARE(json::json_stringify(outcome.response->data), std::string("\"oops\""));
    }

    void axios_reports_a_hang_up_before_the_response_as_node_does() {
        QTcpServer closer;  // reads the request, closes without answering
        QVERIFY(closer.listen(QHostAddress::LocalHost, 0));
        connect(&closer, &QTcpServer::newConnection, &closer, [&closer] {
            QTcpSocket* socket = closer.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->disconnectFromHost();
            });
        });
        HttpClient http;
        Task<OrderedJson> task =
            axios_get(http, "http://127.0.0.1:" + std::to_string(closer.serverPort()) + "/m");
        const AxiosOutcome outcome = axios_outcome(testing::run_to_end(task));
        QCOMPARE(outcome.message, std::string("socket hang up"));
        QCOMPARE(outcome.code, std::string("\"ECONNRESET\""));
        QVERIFY(!outcome.response);
    }

    void axios_times_out_with_its_own_message() {
        QTcpServer silent;  // accepts, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        HttpClient http;
        AxiosGetOptions options;
        options.timeout = std::chrono::milliseconds(150);
        Task<OrderedJson> task = axios_get(
            http, "http://127.0.0.1:" + std::to_string(silent.serverPort()) + "/m", options);
        const AxiosOutcome outcome = axios_outcome(testing::run_to_end(task));
        QCOMPARE(outcome.message, std::string("timeout of 150ms exceeded"));
        QCOMPARE(outcome.code, std::string("\"ECONNABORTED\""));
    }

    void axios_reports_a_body_cut_short_as_an_aborted_stream() {
        testing::ReplayServer server(
            parse("[{'cut_after':1,'sse':[{'data':'one'},{'data':'two'}]}]"));
        QVERIFY(server.listen());
        HttpClient http;
        Task<OrderedJson> task = axios_get(http, server.base_url().toStdString() + "/models");
        const AxiosOutcome outcome = axios_outcome(testing::run_to_end(task));
        QCOMPARE(outcome.message, std::string("stream has been aborted"));
        QCOMPARE(outcome.code, std::string("\"ERR_BAD_RESPONSE\""));
    }

    void zod_names_the_parsed_type_of_each_value() {
        const OrderedJson values = parse("[null,'s',1.5,true,[],{}]");
        std::vector<std::string> types;
        for (const OrderedJson& value : values.items()) types.push_back(zod_parsed_type(&value));
        QCOMPARE(types, (std::vector<std::string>{"null", "string", "number", "boolean", "array",
                                                  "object"}));
        QCOMPARE(zod_parsed_type(nullptr), std::string("undefined"));
    }

    void zod_checks_report_invalid_types_with_paths() {
        ZodIssues issues;
        const ZodPath path = {OrderedJson::string("data"), OrderedJson::number(0)};
        const OrderedJson fraction = OrderedJson::number(1.5);
        const OrderedJson text = OrderedJson::string("7");
        const OrderedJson whole = OrderedJson::number(7);
        QVERIFY(zod_check_int(issues, path, &whole));
        QVERIFY(zod_check_int(issues, path, nullptr, true));
        QVERIFY(!zod_check_int(issues, path, &fraction));
        QVERIFY(!zod_check_int(issues, path, &text));
        QVERIFY(!zod_check_array(issues, path, &text));
        QVERIFY(!zod_check_object(issues, path, &fraction));
        QVERIFY(!zod_check_object(issues, path, nullptr));
        const OrderedJson list = parse(issues.message());
        QCOMPARE(list.items().size(), std::size_t(5));
        std::vector<std::string> messages;
        for (const OrderedJson& issue : list.items())
            messages.push_back(issue.find("message")->as_string());
        QCOMPARE(messages,
                 (std::vector<std::string>{"Expected integer, received float",
                                           "Expected number, received string",
                                           "Expected array, received string",
                                           "Expected object, received number", "Required"}));
        // ZodError.message: JSON.stringify(issues, null, 2).
        ZodIssues one;
        zod_check_int(one, path, &fraction);
        QCOMPARE(one.message(),
                 std::string("[\n  {\n    \"code\": \"invalid_type\",\n"
                             "    \"expected\": \"integer\",\n"
                             "    \"received\": \"float\",\n"
                             "    \"path\": [\n      \"data\",\n      0\n    ],\n"
                             "    \"message\": \"Expected integer, received float\"\n"
                             "  }\n]"));
    }

    void fetcher_numbers_follow_javascript_number_conversion() {
        using fetcher_json::to_number;
        QCOMPARE(to_number(parse("null")), 0.0);
        QCOMPARE(to_number(parse("true")), 1.0);
        QCOMPARE(to_number(parse("false")), 0.0);
        QCOMPARE(to_number(parse("' 12.5 '")), 12.5);
        QCOMPARE(to_number(parse("'1e3'")), 1000.0);
        QCOMPARE(to_number(parse("'  '")), 0.0);
        QCOMPARE(to_number(parse("'Infinity'")), std::numeric_limits<double>::infinity());
        QCOMPARE(to_number(parse("'+Infinity'")), std::numeric_limits<double>::infinity());
        QCOMPARE(to_number(parse("'-Infinity'")), -std::numeric_limits<double>::infinity());
        QVERIFY(std::isnan(to_number(parse("'abc'"))));
        QVERIFY(std::isnan(to_number(parse("'inf'"))));
        QVERIFY(std::isnan(to_number(parse("'NaN'"))));
        QVERIFY(std::isnan(to_number(parse("{}"))));
        // Arrays convert through their joined text.
        QCOMPARE(to_number(parse("[]")), 0.0);
        QCOMPARE(to_number(parse("['7']")), 7.0);
        QVERIFY(std::isnan(to_number(parse("[1,2]"))));
        QCOMPARE(fetcher_json::times_million(parse("'0.000003'")), 3.0);
        QCOMPARE(fetcher_json::times_million(parse("true")), 1000000.0);
    }

    void genai_stream_errors_read_the_error_code_as_a_number() {
        // A code written as text counts by its value: "404" and " 4e2 " are client errors.
        GenaiRun not_found("{'json':{'error':{'code':'404','status':'NOT_FOUND'}}}");
        QCOMPARE(not_found.error, quoted("ClientError: got status: NOT_FOUND. "
                                         "{'error':{'code':'404','status':'NOT_FOUND'}}"));
        GenaiRun exponent("{'json':{'error':{'code':' 4e2 ','status':'BAD'}}}");
        QCOMPARE(exponent.error,
                 quoted("ClientError: got status: BAD. {'error':{'code':' 4e2 ','status':'BAD'}}"));
        // [503] is 503; no status reads as undefined.
        GenaiRun unavailable("{'json':{'error':{'code':[503]}}}");
        QCOMPARE(unavailable.error,
                 quoted("ServerError: got status: undefined. {'error':{'code':[503]}}"));
    }

    void genai_stream_codes_outside_4xx_and_5xx_raise_nothing_at_the_read() {
        // The read is then no SSE segment: the rest is left over at the end.
        for (const char* code :
             {"null", "true", "'Infinity'", "'-Infinity'", "''", "'x'", "{}", "[1,2]", "'600'"}) {
            GenaiRun run(std::string("{'json':{'error':{'code':") + code + ",'status':'S'}}}");
            QCOMPARE(run.error, std::string("Error: Incomplete JSON segment at the end"));
            QVERIFY(run.payloads.empty());
        }
    }

    void provider_context_uuids_environment_and_home() {
        ProviderContext context;
        const QString uuid = QString::fromStdString(context.new_uuid());
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]"
                                                   "[0-9a-f]{3}-[0-9a-f]{12}$"))
                     .match(uuid)
                     .hasMatch(),
                 qPrintable(uuid));
        QVERIFY(context.new_uuid() != uuid.toStdString());
        context.random_uuid = [] { return std::string("fixed"); };
        QCOMPARE(context.new_uuid(), std::string("fixed"));

        // Without an environment function: the process environment.
        qputenv("LAPCE_AI_PROVIDER_CONTEXT_TEST", "set");
        qunsetenv("LAPCE_AI_PROVIDER_CONTEXT_UNSET");
        QCOMPARE(context.env("LAPCE_AI_PROVIDER_CONTEXT_TEST"), std::optional<std::string>("set"));
        QCOMPARE(context.env("LAPCE_AI_PROVIDER_CONTEXT_UNSET"), std::optional<std::string>());

        // os.homedir(): $HOME when set, else the password database.
        context.environment = [](std::string_view name) -> std::optional<std::string> {
            if (name == "HOME") return std::string("/custom/home");
            return std::nullopt;
        };
        QCOMPARE(context.home_dir(), std::string("/custom/home"));
        context.environment = [](std::string_view) -> std::optional<std::string> {
            return std::nullopt;
        };
        const passwd* entry = getpwuid(getuid());
        QVERIFY(entry != nullptr);
        QCOMPARE(context.home_dir(), std::string(entry->pw_dir));
    }

    void hugging_face_requires_a_key() {
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        try {
            HuggingFaceHandler handler(ProviderSettings(parse("{'huggingFaceApiKey':''}")),
                                       context);
            QFAIL("no error");
        } catch (const ProviderError& error) {
            QCOMPARE(error.name() + ": " + error.message(),
                     std::string("Error: Hugging Face API key is required"));
        }
    }

    void hugging_face_models_missing_from_the_list_get_default_info() {
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        // A fresh list: no request is made for it.
        ModelRecord listed;
        listed.emplace("org/listed", ModelInfo(parse("{'maxTokens':10,'contextWindow':20}")));
        context.model_caches->huggingface = HuggingFaceModelsCache{
            listed, OrderedJson::array({}), std::chrono::steady_clock::now()};

        HuggingFaceHandler unknown(
            ProviderSettings(parse("{'huggingFaceApiKey':'hf','huggingFaceModelId':'org/other'}")),
            context);
        const ApiModel fallback = unknown.get_model();
        QCOMPARE(fallback.id, std::string("org/other"));
        QCOMPARE(json::json_stringify(fallback.info.json()),
                 quoted("{'maxTokens':8192,'contextWindow':131072,'supportsImages':false,"
                        "'supportsPromptCache':false}"));

        HuggingFaceHandler known(
            ProviderSettings(parse("{'huggingFaceApiKey':'hf','huggingFaceModelId':'org/listed'}")),
            context);
        QCOMPARE(json::json_stringify(known.get_model().info.json()),
                 quoted("{'maxTokens':10,'contextWindow':20}"));
        // No model id: Llama 3.3 70B.
        HuggingFaceHandler unnamed(ProviderSettings(parse("{'huggingFaceApiKey':'hf'}")), context);
        QCOMPARE(unnamed.get_model().id, std::string("meta-llama/Llama-3.3-70B-Instruct"));
    }
};

QTEST_GUILESS_MAIN(TestProviderSdkErrors)
#include "test_provider_sdk_errors.moc"
