// OpenAiHandler (openai.ts): the client it builds for Azure AI Inference hosts and for Azure
// OpenAI (deployment paths, api-key header, api-version query), the max_completion_tokens rule,
// and handleOpenAIError's message for API keys with invalid characters.
#include <QTest>

#include <stdexcept>

#include "api_handler.h"
#include "chunk_collector.h"
#include "openai_handler.h"
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

OrderedJson completion_reply(const std::string& path, const std::string& text) {
    return parse_single_quoted("{'match':{'path':'" + path +
                               "'},'json':{'choices':[{'message':{'content':'" + text +
                               "'}}],'usage':{'prompt_tokens':7,'completion_tokens':1}}}");
}

}  // namespace

class TestOpenAiHandler : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // *.services.ai.azure.com: OpenAI client with a Bearer key, the inference path
    // /models/chat/completions and api-version 2024-05-01-preview unless azureApiVersion is set.
    void azure_ai_inference_hosts_post_to_the_models_path_with_an_api_version() {
        lapce_ai::testing::ReplayServer server(OrderedJson::array(
            {parse_single_quoted(
                 "{'match':{'path':'^/models/chat/completions'},'sse':["
                 "{'data':{'choices':[{'delta':{'reasoning_content':'why'}}]}},"
                 "{'data':{'choices':[{'delta':{'content':'Hel'}}]}},"
                 "{'data':{'choices':[],'usage':{'prompt_tokens':5,'completion_tokens':2,"
                 "'cache_read_input_tokens':3}}},"
                 "{'data':'[DONE]'}]}"),
             completion_reply("^/models/chat/completions", "pong")}));
        QVERIFY(server.listen());
        HttpClient http;
        http.add_host_rewrite(QStringLiteral("https://res.services.ai.azure.com"),
                              QString::fromLatin1(server.base_url()));
        ProviderContext context;
        context.http = &http;
        auto handler =
            build_api_handler("openai",
                              ProviderSettings(parse_single_quoted(
                                  "{'openAiBaseUrl':'https://res.services.ai.azure.com',"
                                  "'openAiApiKey':'k','openAiModelId':'mistral-large'}")),
                              context);
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink), std::string("no error"));
        // usage: cacheWriteTokens `|| undefined` drops out, cache_read_input_tokens is kept.
        QCOMPARE(sink.lines(),
                 single_quoted_json("{'type':'reasoning','text':'why'}\n"
                                    "{'type':'text','text':'Hel'}\n"
                                    "{'type':'usage','inputTokens':5,'outputTokens':2,"
                                    "'cacheReadTokens':3}\n"));
        const lapce_ai::testing::RecordedRequest& request = server.requests().at(0);
        QCOMPARE(request.path,
                 QByteArray("/models/chat/completions?api-version=2024-05-01-preview"));
        QCOMPARE(request.header("authorization"), QByteArray("Bearer k"));
        QCOMPARE(request.header("api-key"), QByteArray());
        QCOMPARE(request.body.toStdString(),
                 single_quoted_json("{'model':'mistral-large','temperature':0,'messages':["
                                    "{'role':'system','content':'sys'},"
                                    "{'role':'user','content':'hi'}],'stream':true,"
                                    "'stream_options':{'include_usage':true}}"));

        auto versioned =
            build_api_handler("openai",
                              ProviderSettings(parse_single_quoted(
                                  "{'openAiBaseUrl':'https://res.services.ai.azure.com',"
                                  "'openAiApiKey':'k','openAiModelId':'mistral-large',"
                                  "'azureApiVersion':'2025-01-01'}")),
                              context);
        Task<std::string> completion = versioned->complete_prompt("ping");
        QCOMPARE(provider_error_text(run_to_end(completion)), std::string("no error"));
        QCOMPARE(completion.result(), std::string("pong"));
        QCOMPARE(server.requests().at(1).path,
                 QByteArray("/models/chat/completions?api-version=2025-01-01"));
        QCOMPARE(server.requests().at(1).body.toStdString(),
                 single_quoted_json(
                     "{'model':'mistral-large','messages':[{'role':'user','content':'ping'}]}"));
    }

    // openAiUseAzure: AzureOpenAI posts to /deployments/<model>/chat/completions under the base
    // URL, authenticates with an api-key header and sends azureOpenAiDefaultApiVersion.
    void azure_openai_flag_uses_deployment_paths_and_the_api_key_header() {
        lapce_ai::testing::ReplayServer server(OrderedJson::array(
            {completion_reply("^/openai/deployments/gpt-4/chat/completions", "done")}));
        QVERIFY(server.listen());
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        const std::string base = server.base_url().toStdString() + "/openai";
        auto handler = build_api_handler(
            "openai",
            ProviderSettings(
                parse_single_quoted("{'openAiBaseUrl':'" + base +
                                    "','openAiUseAzure':true,'openAiApiKey':'az',"
                                    "'openAiModelId':'gpt-4','openAiStreamingEnabled':false}")),
            context);
        lapce_ai::testing::ChunkCollector sink;
        QCOMPARE(create_message_error(*handler, sink), std::string("no error"));
        QCOMPARE(sink.lines(),
                 single_quoted_json("{'type':'text','text':'done'}\n"
                                    "{'type':'usage','inputTokens':7,'outputTokens':1}\n"));
        const lapce_ai::testing::RecordedRequest& request = server.requests().at(0);
        QCOMPARE(request.path, QByteArray("/openai/deployments/gpt-4/chat/completions"
                                          "?api-version=2024-08-01-preview"));
        QCOMPARE(request.header("api-key"), QByteArray("az"));
        QCOMPARE(request.header("authorization"), QByteArray());
        // Without streaming the system prompt travels as a user message.
        QCOMPARE(request.body.toStdString(),
                 single_quoted_json("{'model':'gpt-4','messages':["
                                    "{'role':'user','content':'sys'},"
                                    "{'role':'user','content':'hi'}]}"));
    }

    // A host under azure.com selects AzureOpenAI without the flag; azureApiVersion overrides the
    // default and includeMaxTokens sends `modelMaxTokens || modelInfo.maxTokens`.
    void azure_hosts_take_the_configured_api_version_and_model_max_tokens() {
        lapce_ai::testing::ReplayServer server(OrderedJson::array(
            {completion_reply("^/openai/deployments/gpt-4o-mini/chat/completions", "ok"),
             completion_reply("^/openai/deployments/gpt-4o-mini/chat/completions", "ok")}));
        QVERIFY(server.listen());
        HttpClient http;
        http.add_host_rewrite(QStringLiteral("https://res.openai.azure.com"),
                              QString::fromLatin1(server.base_url()));
        ProviderContext context;
        context.http = &http;
        const std::string common =
            "'openAiBaseUrl':'https://res.openai.azure.com/openai','openAiApiKey':'az',"
            "'openAiModelId':'gpt-4o-mini','azureApiVersion':'2024-10-21','includeMaxTokens':true";
        auto handler = build_api_handler(
            "openai",
            ProviderSettings(parse_single_quoted("{" + common + ",'modelMaxTokens':500}")),
            context);
        Task<std::string> completion = handler->complete_prompt("p");
        QCOMPARE(provider_error_text(run_to_end(completion)), std::string("no error"));
        QCOMPARE(completion.result(), std::string("ok"));
        const lapce_ai::testing::RecordedRequest& request = server.requests().at(0);
        QCOMPARE(request.path, QByteArray("/openai/deployments/gpt-4o-mini/chat/completions"
                                          "?api-version=2024-10-21"));
        QCOMPARE(request.header("api-key"), QByteArray("az"));
        QCOMPARE(request.body.toStdString(),
                 single_quoted_json("{'model':'gpt-4o-mini','messages':[{'role':'user',"
                                    "'content':'p'}],'max_completion_tokens':500}"));

        // modelMaxTokens 0 is falsy: openAiModelInfoSaneDefaults.maxTokens (-1) is sent.
        auto defaults = build_api_handler(
            "openai", ProviderSettings(parse_single_quoted("{" + common + ",'modelMaxTokens':0}")),
            context);
        Task<std::string> second = defaults->complete_prompt("p");
        QCOMPARE(provider_error_text(run_to_end(second)), std::string("no error"));
        QCOMPARE(server.requests().at(1).body.toStdString(),
                 single_quoted_json("{'model':'gpt-4o-mini','messages':[{'role':'user',"
                                    "'content':'p'}],'max_completion_tokens':-1}"));
    }

    // handleOpenAIError: the fetch ByteString failure becomes the i18n invalidKeyInvalidChars
    // text; anything else is prefixed with "<provider> completion error: ".
    void invalid_api_key_characters_get_their_own_message() {
        const std::runtime_error byte_string(
            "Cannot convert argument to a ByteString because the character at index 7 has a "
            "value of 8217 which is greater than 255.");
        const ProviderError invalid = handle_openai_error(byte_string, "OpenAI");
        QCOMPARE(invalid.message(), std::string("API key contains invalid characters."));
        const ProviderError other =
            handle_openai_error(ProviderError("Error", "401 Unauthorized"), "OpenAI");
        QCOMPARE(other.message(), std::string("OpenAI completion error: 401 Unauthorized"));
    }
};

QTEST_GUILESS_MAIN(TestOpenAiHandler)
#include "test_openai_handler.moc"
