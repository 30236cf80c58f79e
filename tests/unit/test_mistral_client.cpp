// The @mistralai/mistralai 1.9.18 client (MistralClient) against the replay server: the request
// it sends (URL joined to the server path, bearer auth, headers, body), the response matching of
// lib/matchers.ts (HTTPValidationError for 422, SDKError for 4XX/5XX and for an unexpected status
// or content type, ConnectionError for no response) and MistralHandler.completePrompt through it.
#include <QTcpServer>
#include <QTest>

#include <algorithm>

#include "api_handler.h"
#include "chunk_collector.h"
#include "mistral_client.h"
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

// A ChatCompletionResponse with `content` as the first choice's message content (JSON text).
std::string completion(const std::string& content) {
    return "{'id':'cmpl-1','object':'chat.completion','model':'codestral-latest','created':1,"
           "'usage':{'prompt_tokens':5,'completion_tokens':2,'total_tokens':7},"
           "'choices':[{'index':0,'finish_reason':'stop','message':{'role':'assistant',"
           "'content':" +
           content + "}}]}";
}

// The result (or error) of chat.complete with `body` against one responder.
struct CompleteRun {
    explicit CompleteRun(const std::string& responder, const std::string& key = "key")
        : server(parse("[" + responder + "]")) {
        if (!server.listen()) qFatal("replay server did not listen");
        MistralClient client(server.base_url().toStdString(), key, http);
        Task<OrderedJson> task = client.chat_complete(parse("{'model':'m','stream':false}"));
        error = testing::run_to_end(task);
        if (!error) result = task.result();
    }

    testing::ReplayServer server;
    HttpClient http;
    std::exception_ptr error;
    OrderedJson result;
};

}  // namespace

class TestMistralClient : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void complete_posts_the_body_to_v1_chat_completions_under_the_server_path() {
        testing::ReplayServer server(parse("[{\"json\":" + completion("'Hi'") + "}]"));
        QVERIFY(server.listen());
        HttpClient http;
        MistralClient client(server.base_url().toStdString() + "/proxy", "secret", http);
        const OrderedJson body =
            parse("{'model':'m','temperature':0.3,'stream':false,'messages':[]}");
        Task<OrderedJson> task = client.chat_complete(body);
        QCOMPARE(testing::provider_error_text(testing::run_to_end(task)), std::string("no error"));
        QCOMPARE(json::json_stringify(*task.result().find("choices")),
                 testing::single_quoted_json("[{'index':0,'finish_reason':'stop','message':"
                                             "{'role':'assistant','content':'Hi'}}]"));

        QCOMPARE(server.requests().size(), std::size_t(1));
        const testing::RecordedRequest& request = server.requests()[0];
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/proxy/v1/chat/completions"));
        QCOMPARE(request.header("authorization"), QByteArray("Bearer secret"));
        QCOMPARE(request.header("accept"), QByteArray("application/json"));
        QCOMPARE(request.header("content-type"), QByteArray("application/json"));
        QCOMPARE(request.header("user-agent"), QByteArray("mistral-client-typescript/1.9.18"));
        QCOMPARE(request.body, QByteArray::fromStdString(json::json_stringify(body)));
    }

    void a_key_that_already_says_bearer_is_sent_as_it_is() {
        CompleteRun call("{\"json\":" + completion("'x'") + "}", "BEARER abc");
        QCOMPARE(testing::provider_error_text(call.error), std::string("no error"));
        QCOMPARE(call.server.requests().at(0).header("authorization"), QByteArray("BEARER abc"));
        // A server URL with no path: the endpoint sits at the root.
        QCOMPARE(call.server.requests().at(0).path, QByteArray("/v1/chat/completions"));
    }

    void a_server_url_that_is_no_url_is_refused() {
        HttpClient http;
        try {
            MistralClient client("not a url", "key", http);
            QFAIL("no error");
        } catch (const ProviderError& error) {
            QCOMPARE(error.name() + ": " + error.message(), std::string("TypeError: Invalid URL"));
        }
    }

    void status_422_is_an_http_validation_error_with_the_detail_stripped() {
        CompleteRun call(
            "{'status':422,'json':{'detail':[{'type':'missing','input':{},'msg':'Field required',"
            "'loc':['body','messages',0]}],'extra':'dropped'}}");
        // ValidationError keeps loc, msg and type, in its schema's order.
        QCOMPARE(testing::provider_error_text(call.error),
                 testing::single_quoted_json(
                     "HTTPValidationError: API error occurred: {'detail':[{'loc':"
                     "['body','messages',0],'msg':'Field required','type':'missing'}]}"));
    }

    void status_422_whose_detail_does_not_fit_is_a_validation_failure() {
        CompleteRun call("{'status':422,'json':{'detail':[{'loc':['body'],'msg':7,'type':'x'}]}}");
        const std::string message = testing::provider_error_text(call.error);
        QVERIFY2(message.starts_with("SDKValidationError: Response validation failed: ZodError: "),
                 message.c_str());
        QVERIFY2(message.find(testing::single_quoted_json("'detail',")) != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find(testing::single_quoted_json("'msg'")) != std::string::npos,
                 message.c_str());
    }

    void client_and_server_errors_carry_status_content_type_and_body() {
        CompleteRun unauthorized("{'status':401,'json':{'message':'Unauthorized'}}");
        QCOMPARE(testing::provider_error_text(unauthorized.error),
                 std::string("SDKError: API error occurred: Status 401 Content-Type "
                             "application/json Body \n{\"message\":\"Unauthorized\"}"));
        // An empty body adds nothing after "Body ".
        CompleteRun unavailable("{'status':503,'raw':''}");
        QCOMPARE(testing::provider_error_text(unavailable.error),
                 std::string("SDKError: API error occurred: Status 503 Content-Type text/plain "
                             "Body "));
    }

    void an_unexpected_status_or_content_type_is_an_sdk_error() {
        CompleteRun html("{'headers':{'content-type':'text/html'},'raw':'<html></html>'}");
        QCOMPARE(testing::provider_error_text(html.error),
                 std::string("SDKError: Unexpected API response status or content-type: Status 200 "
                             "Content-Type text/html Body \n<html></html>"));
        CompleteRun created("{'status':201,'raw':'created'}");
        QCOMPARE(testing::provider_error_text(created.error),
                 std::string("SDKError: Unexpected API response status or content-type: Status 201 "
                             "Content-Type text/plain Body \ncreated"));
    }

    void a_body_that_is_not_json_is_a_syntax_error() {
        CompleteRun call("{'headers':{'content-type':'application/json'},'raw':'nope'}");
        QCOMPARE(testing::provider_error_text(call.error),
                 std::string("SyntaxError: Unexpected token 'o', \"nope\" is not valid JSON"));
    }

    void no_response_is_a_connection_error() {
        HttpClient http;
        MistralClient client("http://127.0.0.1:" + std::to_string(testing::closed_port()), "key",
                             http);
        Task<OrderedJson> task = client.chat_complete(parse("{'model':'m'}"));
        QCOMPARE(testing::provider_error_text(testing::run_to_end(task)),
                 std::string("ConnectionError: Unable to make request: TypeError: fetch failed"));
    }

    void stream_accepts_an_event_stream_content_type_with_parameters() {
        testing::ReplayServer server(
            parse("[{'headers':{'content-type':'Text/Event-Stream; "
                  "charset=utf-8'},'sse':[{'data':'[DONE]'}]},"
                  "{'json':{'object':'chat.completion'}}]"));
        QVERIFY(server.listen());
        HttpClient http;
        MistralClient client(server.base_url().toStdString(), "key", http);
        Task<std::unique_ptr<HttpResponse>> stream =
            client.chat_stream(parse("{'model':'m','stream':true}"));
        QCOMPARE(testing::provider_error_text(testing::run_to_end(stream)),
                 std::string("no error"));
        QCOMPARE(stream.result()->status(), 200);
        QCOMPARE(server.requests().at(0).header("accept"), QByteArray("text/event-stream"));

        Task<std::unique_ptr<HttpResponse>> json_answer =
            client.chat_stream(parse("{'model':'m','stream':true}"));
        QCOMPARE(
            testing::provider_error_text(testing::run_to_end(json_answer)),
            std::string("SDKError: Unexpected API response status or content-type: Status 200 "
                        "Content-Type application/json Body \n{\"object\":\"chat.completion\"}"));
    }

    void handler_completion_joins_the_text_parts_and_prefixes_errors() {
        testing::ReplayServer server(
            parse("[{\"json\":" +
                  completion("[{'type':'thinking','thinking':[{'type':'text','text':'hmm'}]},"
                             "{'type':'text','text':'a'},{'type':'text','text':'b'}]") +
                  "},{\"json\":" + completion("null") + "}," +
                  "{'status':401,'json':{'message':'Unauthorized'}}]"));
        QVERIFY(server.listen());
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        const ProviderSettings settings(
            parse("{'mistralApiKey':'mk','apiModelId':'codestral-latest','mistralCodestralUrl':'" +
                  server.base_url().toStdString() + "\"}"));
        std::unique_ptr<ApiHandler> handler = build_api_handler("mistral", settings, context);

        Task<std::string> parts = handler->complete_prompt("Write add");
        QCOMPARE(testing::provider_error_text(testing::run_to_end(parts)), std::string("no error"));
        // Thinking is left out of completions.
        QCOMPARE(parts.result(), std::string("ab"));
        QCOMPARE(server.requests().at(0).path, QByteArray("/v1/chat/completions"));
        QCOMPARE(server.requests().at(0).header("authorization"), QByteArray("Bearer mk"));
        // MISTRAL_DEFAULT_TEMPERATURE is 0; stream false; the message as the SDK writes it.
        QCOMPARE(server.requests().at(0).body,
                 QByteArray::fromStdString(testing::single_quoted_json(
                     "{'model':'codestral-latest','temperature':0,'stream':false,"
                     "'messages':[{'content':'Write add','role':'user'}]}")));

        Task<std::string> empty = handler->complete_prompt("again");
        QCOMPARE(testing::provider_error_text(testing::run_to_end(empty)), std::string("no error"));
        QCOMPARE(empty.result(), std::string());

        Task<std::string> refused = handler->complete_prompt("again");
        QCOMPARE(
            testing::provider_error_text(testing::run_to_end(refused)),
            std::string("Error: Mistral completion error: API error occurred: Status 401 "
                        "Content-Type application/json Body \n{\"message\":\"Unauthorized\"}"));
    }
    void handler_requires_a_key() {
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        try {
            build_api_handler("mistral", ProviderSettings(parse("{'apiModelId':'x'}")), context);
            QFAIL("no error");
        } catch (const ProviderError& error) {
            QCOMPARE(error.name() + ": " + error.message(),
                     std::string("Error: Mistral API key is required"));
        }
    }

    void handler_model_takes_max_tokens_only_when_asked_and_falls_back_to_codestral() {
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        std::unique_ptr<ApiHandler> asked =
            build_api_handler("mistral",
                              ProviderSettings(parse("{'mistralApiKey':'k','includeMaxTokens':true,"
                                                     "'modelTemperature':0.5}")),
                              context);
        const ApiModel model = asked->get_model();
        // No apiModelId: mistralDefaultModelId, whose maxTokens is 256000.
        QCOMPARE(model.id, std::string("codestral-latest"));
        QCOMPARE(json::json_stringify(model.extra),
                 testing::single_quoted_json("{'maxTokens':256000,'temperature':0.5}"));

        // An id not in mistralModels keeps its name and gets the default model's info.
        std::unique_ptr<ApiHandler> unknown = build_api_handler(
            "mistral", ProviderSettings(parse("{'mistralApiKey':'k','apiModelId':'nope'}")),
            context);
        const ApiModel fallback = unknown->get_model();
        QCOMPARE(fallback.id, std::string("nope"));
        QCOMPARE(fallback.info.number("contextWindow"), std::optional<double>(256000));
        QCOMPARE(json::json_stringify(fallback.extra), std::string("{\"temperature\":0}"));
    }

    void handler_stream_yields_thinking_as_reasoning_then_text_and_usage() {
        const std::string first =
            "{'id':'c1','model':'codestral-latest','choices':[{'index':0,'delta':{'content':["
            "{'type':'thinking','thinking':[{'type':'text','text':'plan'},"
            "{'type':'reference','reference_ids':[1]},{'type':'text','text':''}]},"
            "{'type':'text','text':'done'},{'type':'text','text':''}]},'finish_reason':null}]}";
        // Longer than the first event: the SDK's discardSentinel skips ahead after each cut, so
        // a shorter event arriving in the same read as the one before it would stay buffered
        // (test_speakeasy_event_stream covers that); how reads fall is up to the network.
        const std::string second =
            "{'id':'c1','object':'chat.completion.chunk','created':1759000000,"
            "'model':'codestral-latest','choices':[{'index':0,'delta':{'role':'assistant',"
            "'content':'! Nothing else is left to do here; the plan is done.'},"
            "'finish_reason':'stop'}],"
            "'usage':{'prompt_tokens':3,'completion_tokens':4,'total_tokens':7}}";
        testing::ReplayServer server(
            parse("[{'sse':[{'data':" + first + "},{'data':" + second + "},{'data':'[DONE]'}]}]"));
        QVERIFY(server.listen());
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        std::unique_ptr<ApiHandler> handler = build_api_handler(
            "mistral",
            ProviderSettings(parse("{'mistralApiKey':'mk','includeMaxTokens':true,"
                                   "'mistralCodestralUrl':'" +
                                   server.base_url().toStdString() + "'}")),
            context);
        testing::ChunkCollector chunks;
        Task<void> stream =
            handler->create_message("sys", parse("[{'role':'user','content':'hi'}]"), {}, chunks);
        QCOMPARE(testing::provider_error_text(testing::run_to_end(stream)),
                 std::string("no error"));
        QCOMPARE(json::json_stringify(chunks.take()),
                 testing::single_quoted_json(
                     "[{'type':'reasoning','text':'plan'},{'type':'text','text':'done'},"
                     "{'type':'text','text':'! Nothing else is left to do here; the plan is "
                     "done.'},{'type':'usage','inputTokens':3,'outputTokens':4}]"));
        // maxTokens goes out as max_tokens; the system prompt leads the messages.
        QCOMPARE(server.requests().at(0).body,
                 QByteArray::fromStdString(testing::single_quoted_json(
                     "{'model':'codestral-latest','temperature':0,'max_tokens':256000,"
                     "'stream':true,'messages':[{'content':'sys','role':'system'},"
                     "{'content':'hi','role':'user'}]}")));
    }
};

QTEST_GUILESS_MAIN(TestMistralClient)
#include "test_mistral_client.moc"
