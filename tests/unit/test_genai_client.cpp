// Our port of @google/genai 1.3.0's Models request side: the transformers (tModel, tContents,
// tPart) and the Gemini API / Vertex AI converters with the errors they throw, and the client's
// construction (environment trimmed by getEnv, the Vertex AI precedence of explicit settings over
// the environment's, API key over project/location), its URL check and its reading of an error
// body that is not UTF-8.

#include <QTest>

#include <functional>
#include <map>

#include "genai_client.h"
#include "genai_request.h"
#include "ordered_json.h"
#include "provider_test_helpers.h"
#include "replay_server.h"
#include "test_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::OrderedJson;

namespace {

OrderedJson parse(const std::string& single_quoted) {
    return testing::parse_single_quoted(single_quoted);
}

std::string error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ProviderError& error) {
        return error.name() + ": " + error.message();
    }
    return "no error";
}

std::string wire(const OrderedJson& contents, bool vertexai) {
    return json::json_stringify(count_tokens_body(contents, vertexai));
}

std::string tools_wire(const std::string& tools, bool vertexai) {
    GenerateContentConfig config;
    config.tools = parse(tools);
    const OrderedJson body = generate_content_body(parse("'hi'"), config, vertexai);
    return json::json_stringify(*body.find("tools"));
}

using Variables = std::map<std::string, std::string>;

// A ProviderContext whose environment is exactly `variables`.
struct Environment {
    explicit Environment(std::map<std::string, std::string> variables)
        : values(std::move(variables)) {
        context.http = &http;
        context.environment = [this](std::string_view name) -> std::optional<std::string> {
            const auto found = values.find(std::string(name));
            if (found == values.end()) return std::nullopt;
            return found->second;
        };
    }
    std::map<std::string, std::string> values;
    HttpClient http;
    ProviderContext context;
};

// models.generateContent("gemini-2.5-flash", "hi"): "" when it succeeded, else "name: message".
std::string generate(GenaiClient& client, GenerateContentConfig config = {}) {
    Task<OrderedJson> task =
        client.generate_content("gemini-2.5-flash", OrderedJson::string("hi"), std::move(config));
    return testing::provider_error_text(testing::run_to_end(task, 20'000));
}

const char* const kVertexPath =
    "/v1beta1/publishers/google/models/gemini-2.5-flash:generateContent";

}  // namespace

class TestGenaiClient : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void vertex_model_resources_keep_their_resource_prefix() {
        QCOMPARE(genai_model_resource("models/gemini-2.5-flash", true),
                 std::string("models/gemini-2.5-flash"));
        QCOMPARE(genai_model_resource("projects/p/locations/l/models/m", true),
                 std::string("projects/p/locations/l/models/m"));
        QCOMPARE(genai_model_resource("publishers/meta/models/llama", true),
                 std::string("publishers/meta/models/llama"));
        QCOMPARE(error_of([] { genai_model_resource("", false); }),
                 std::string("Error: model is required and must be a string"));
    }

    void blob_display_names_go_to_vertex_and_are_refused_by_the_gemini_api() {
        const OrderedJson inline_data = parse(
            "[{'role':'user','parts':[{'inlineData':{'mimeType':'image/png','data':'AA==',"
            "'displayName':'d'}}]}]");
        QCOMPARE(wire(inline_data, true),
                 testing::single_quoted_json("{'contents':[{'parts':[{'inlineData':{'displayName':"
                                             "'d','data':'AA==','mimeType':'image/png'}}],'role':"
                                             "'user'}]}"));
        QCOMPARE(error_of([&] { wire(inline_data, false); }),
                 std::string("Error: displayName parameter is not supported in Gemini API."));
        // fileData carries fileUri and mimeType (fileDataToMldev / fileDataToVertex).
        const OrderedJson file_data = parse(
            "[{'role':'user','parts':[{'fileData':{'mimeType':'application/pdf','fileUri':"
            "'gs://b/f.pdf','displayName':'f'}}]}]");
        QCOMPARE(wire(file_data, true),
                 testing::single_quoted_json("{'contents':[{'parts':[{'fileData':{'displayName':"
                                             "'f','fileUri':'gs://b/f.pdf','mimeType':"
                                             "'application/pdf'}}],'role':'user'}]}"));
        QCOMPARE(error_of([&] { wire(file_data, false); }),
                 std::string("Error: displayName parameter is not supported in Gemini API."));
        QCOMPARE(wire(parse("[{'role':'user','parts':[{'fileData':{'fileUri':'gs://b/f.pdf',"
                            "'mimeType':'application/pdf'}}]}]"),
                      false),
                 testing::single_quoted_json("{'contents':[{'parts':[{'fileData':{'fileUri':'gs://"
                                             "b/f.pdf','mimeType':'application/pdf'}}],'role':"
                                             "'user'}]}"));
    }

    void contents_that_are_not_content_objects_become_one_user_content() {
        // tContents: a string is one user content with one text part.
        QCOMPARE(wire(parse("'hello'"), false),
                 testing::single_quoted_json(
                     "{'contents':[{'parts':[{'text':'hello'}],'role':'user'}]}"));
        // Strings and parts of an array are gathered in one user content.
        QCOMPARE(wire(parse("['a',{'text':'b'}]"), false),
                 testing::single_quoted_json(
                     "{'contents':[{'parts':[{'text':'a'},{'text':'b'}],'role':'user'}]}"));
    }

    void contents_the_transformers_refuse_raise_the_sdk_errors() {
        QCOMPARE(error_of([] { wire(parse("[1]"), false); }),
                 std::string("Error: Unsupported part type: number"));
        QCOMPARE(error_of([] { wire(parse("[true]"), false); }),
                 std::string("Error: Unsupported part type: boolean"));
        QCOMPARE(error_of([] { wire(parse("[null]"), false); }),
                 std::string("Error: PartUnion is required"));
        QCOMPARE(error_of([] { wire(OrderedJson(), false); }),
                 std::string("Error: contents are required"));
        QCOMPARE(error_of([] { wire(parse("{'functionResponse':{'name':'f'}}"), false); }),
                 std::string("Error: To specify functionCall or functionResponse parts, please "
                             "wrap them in a Content object, specifying the role for them"));
        QCOMPARE(error_of([] { wire(parse("[{'role':'user','parts':[]},{'text':'x'}]"), false); }),
                 std::string("Error: Mixing Content and Parts is not supported, please group the "
                             "parts into a the appropriate Content objects and specify the roles "
                             "for them"));
        QCOMPARE(error_of([] { wire(parse("[{'text':'x'},{'role':'user','parts':[]}]"), false); }),
                 std::string("Error: Mixing Content and Parts is not supported, please group the "
                             "parts into a the appropriate Content objects and specify the roles "
                             "for them"));
    }

    void vertex_only_tools_are_copied_for_vertex_and_refused_by_the_gemini_api() {
        QCOMPARE(tools_wire("[{'retrieval':{'vertexAiSearch':{}},'googleSearch':{},"
                            "'enterpriseWebSearch':{},'googleMaps':{},'codeExecution':{}}]",
                            true),
                 testing::single_quoted_json(
                     "[{'retrieval':{'vertexAiSearch':{}},'googleSearch':{},"
                     "'enterpriseWebSearch':{},'googleMaps':{},'codeExecution':{}}]"));
        QCOMPARE(error_of([] { tools_wire("[{'retrieval':{}}]", false); }),
                 std::string("Error: retrieval parameter is not supported in Gemini API."));
        QCOMPARE(error_of([] { tools_wire("[{'enterpriseWebSearch':{}}]", false); }),
                 std::string("Error: enterpriseWebSearch parameter is not supported in Gemini "
                             "API."));
        QCOMPARE(error_of([] { tools_wire("[{'googleMaps':{}}]", false); }),
                 std::string("Error: googleMaps parameter is not supported in Gemini API."));
        // The Gemini API's urlContext is an empty object whatever it held.
        QCOMPARE(tools_wire("[{'urlContext':{'x':1},'googleSearch':{}}]", false),
                 testing::single_quoted_json("[{'googleSearch':{},'urlContext':{}}]"));
    }

    void environment_values_are_trimmed_before_use() {
        // getEnv trims: " True\n" turns Vertex AI on, " k " is the key, and a blank
        // GOOGLE_GEMINI_BASE_URL is empty, so the default host stays.
        testing::ReplayServer server(testing::parse_test_json("[{\"json\":{}}]"));
        QVERIFY(server.listen());
        Environment env(Variables{{"GOOGLE_GENAI_USE_VERTEXAI", " True\n"},
                                  {"GOOGLE_API_KEY", " k "},
                                  {"GOOGLE_GEMINI_BASE_URL", "   "}});
        env.http.add_host_rewrite(QStringLiteral("https://aiplatform.googleapis.com"),
                                  QString::fromLatin1(server.base_url()));
        GenaiClient client(GoogleGenAIOptions{}, env.context);
        QVERIFY(client.vertexai());
        QCOMPARE(generate(client), std::string("no error"));
        QCOMPARE(server.requests().size(), std::size_t(1));
        // An API key without project and location: the global host, no project in the path.
        QCOMPARE(server.requests()[0].path, QByteArray(kVertexPath));
        QCOMPARE(server.requests()[0].header("x-goog-api-key"), QByteArray("k"));
    }

    void an_explicit_vertex_api_key_wins_over_the_environments_project() {
        testing::ReplayServer server(testing::parse_test_json("[{\"json\":{}}]"));
        QVERIFY(server.listen());
        Environment env(
            {{"GOOGLE_CLOUD_PROJECT", "env-project"}, {"GOOGLE_CLOUD_LOCATION", "us-east1"}});
        // Only the global host reaches the server: a regional one would not connect.
        env.http.add_host_rewrite(QStringLiteral("https://aiplatform.googleapis.com"),
                                  QString::fromLatin1(server.base_url()));
        GoogleGenAIOptions options;
        options.vertexai = true;
        options.api_key = "explicit";
        GenaiClient client(options, env.context);
        QCOMPARE(generate(client), std::string("no error"));
        QCOMPARE(server.requests().size(), std::size_t(1));
        QCOMPARE(server.requests()[0].path, QByteArray(kVertexPath));
        QCOMPARE(server.requests()[0].header("x-goog-api-key"), QByteArray("explicit"));
    }

    void a_vertex_project_drops_the_environments_api_key() {
        // Explicit project/location, or the environment's, win over GOOGLE_API_KEY: the client
        // authenticates with GoogleAuth, whose Application Default Credentials are missing here.
        const std::string no_credentials =
            "Error: Could not load the default credentials. Browse to "
            "https://cloud.google.com/docs/authentication/getting-started for more information.";
        testing::ReplayServer server(testing::parse_test_json("[{\"json\":{}},{\"json\":{}}]"));
        QVERIFY(server.listen());

        Environment explicit_env(Variables{{"GOOGLE_API_KEY", "env-key"}});
        explicit_env.http.add_host_rewrite(
            QStringLiteral("https://us-central1-aiplatform.googleapis.com"),
            QString::fromLatin1(server.base_url()));
        GoogleGenAIOptions options;
        options.vertexai = true;
        options.project = "p";
        options.location = "us-central1";
        GenaiClient explicit_project(options, explicit_env.context);
        QCOMPARE(generate(explicit_project), no_credentials);

        Environment from_env(Variables{{"GOOGLE_API_KEY", "env-key"},
                                       {"GOOGLE_CLOUD_PROJECT", "p"},
                                       {"GOOGLE_CLOUD_LOCATION", "us-central1"}});
        from_env.http.add_host_rewrite(
            QStringLiteral("https://us-central1-aiplatform.googleapis.com"),
            QString::fromLatin1(server.base_url()));
        GoogleGenAIOptions vertex_only;
        vertex_only.vertexai = true;
        GenaiClient env_project(vertex_only, from_env.context);
        QCOMPARE(generate(env_project), no_credentials);
        // Neither sent the key.
        QCOMPARE(server.requests().size(), std::size_t(0));
    }

    void a_base_url_that_does_not_parse_is_an_invalid_url_type_error() {
        Environment env(Variables{});
        GoogleGenAIOptions options;
        options.api_key = "k";
        GenaiClient client(options, env.context);
        GenerateContentConfig config;
        config.base_url = "not a url";
        QCOMPARE(generate(client, config), std::string("TypeError: Invalid URL"));
    }

    void an_error_body_that_is_not_utf8_is_decoded_with_replacement_characters() {
        // response.text(): the bytes ED B3 BF (a lone surrogate) are three U+FFFD.
        testing::ReplayServer server(
            testing::parse_test_json("[{\"status\":500,\"raw\":\"bad \\udcff\"}]"));
        QVERIFY(server.listen());
        Environment env(Variables{{"GOOGLE_GEMINI_BASE_URL", server.base_url().toStdString()}});
        GoogleGenAIOptions options;
        options.api_key = "k";
        GenaiClient client(options, env.context);
        QCOMPARE(generate(client),
                 std::string("ServerError: got status: 500 Internal Server Error. "
                             "{\"error\":{\"message\":\"bad \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\","
                             "\"code\":500,\"status\":\"Internal Server Error\"}}"));
        QCOMPARE(server.requests().size(), std::size_t(1));
        QCOMPARE(server.requests()[0].path,
                 QByteArray("/v1beta/models/gemini-2.5-flash:generateContent"));
    }
};

QTEST_GUILESS_MAIN(TestGenaiClient)
#include "test_genai_client.moc"
