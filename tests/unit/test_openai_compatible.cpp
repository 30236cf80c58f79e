// The fixed-host OpenAI-compatible providers' logic that the golden cases do not reach: the
// table rows (keys, API lines, model lookup), Cerebras' message flattening and Qwen Code's
// OAuth credential handling.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "api_handler.h"
#include "cerebras_messages.h"
#include "js_whitespace.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "qwen_oauth_credentials.h"

using namespace lapce_ai::providers;
using lapce_ai::json::OrderedJson;

namespace {

OrderedJson parse(const char* text) {
    return *lapce_ai::json::parse_ordered_json(text);
}

ProviderSettings settings(const char* text) {
    return ProviderSettings(parse(text));
}

// The message of the ProviderError `action` throws, or "" when it throws none.
template <typename Action>
std::string thrown_message(Action action) {
    try {
        action();
    } catch (const ProviderError& error) {
        return error.name() + ": " + error.message();
    }
    return {};
}

}  // namespace

class TestOpenAiCompatible : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void missing_keys() {
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        QCOMPARE(thrown_message([&] { build_api_handler("groq", settings("{}"), context); }),
                 std::string("Error: API key is required"));
        QCOMPARE(
            thrown_message([&] { build_api_handler("io-intelligence", settings("{}"), context); }),
            std::string("Error: IO Intelligence API key is required"));
        QCOMPARE(thrown_message([&] { build_api_handler("cerebras", settings("{}"), context); }),
                 std::string("Error: Cerebras API key is required"));
        // zai defaults to "not-provided"; an empty key is still refused by the base class.
        QCOMPARE(thrown_message([&] { build_api_handler("zai", settings("{}"), context); }),
                 std::string());
        const ProviderSettings empty_key = settings("{\"zaiApiKey\":\"\"}");
        QCOMPARE(thrown_message([&] { build_api_handler("zai", empty_key, context); }),
                 std::string("Error: API key is required"));
        // xai and roo never refuse.
        QCOMPARE(thrown_message([&] { build_api_handler("xai", settings("{}"), context); }),
                 std::string());
        QCOMPARE(thrown_message([&] { build_api_handler("roo", settings("{}"), context); }),
                 std::string());
    }

    void zai_api_lines() {
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        auto international = build_api_handler("zai", settings("{}"), context);
        QCOMPARE(international->get_model().id, std::string("glm-4.5"));
        auto china =
            build_api_handler("zai", settings("{\"zaiApiLine\":\"china_coding\"}"), context);
        QCOMPARE(international->get_model().info.input_price(), std::optional<double>(0.6));
        QCOMPARE(china->get_model().info.input_price(), std::optional<double>(0.29));
        const ProviderSettings unknown_line = settings("{\"zaiApiLine\":\"mars\"}");
        QCOMPARE(thrown_message([&] { build_api_handler("zai", unknown_line, context); }),
                 std::string("TypeError: Cannot read properties of undefined (reading 'isChina')"));
    }

    void model_lookup() {
        HttpClient http;
        ProviderContext context;
        context.http = &http;
        // An unknown id falls back to the default for the base class …
        auto groq = build_api_handler(
            "groq", settings("{\"groqApiKey\":\"k\",\"apiModelId\":\"no-such-model\"}"), context);
        QVERIFY(groq->get_model().id != "no-such-model");
        // … but io-intelligence and roo keep it, with the default's info.
        auto io = build_api_handler(
            "io-intelligence",
            settings(
                "{\"ioIntelligenceApiKey\":\"k\",\"ioIntelligenceModelId\":\"no-such-model\"}"),
            context);
        QCOMPARE(io->get_model().id, std::string("no-such-model"));
        QVERIFY(io->get_model().info.json().find("contextWindow") != nullptr);
        // chutes marks the temperature of DeepSeek-R1 ids in the info.
        auto chutes = build_api_handler("chutes",
                                        settings("{\"chutesApiKey\":\"k\",\"apiModelId\":"
                                                 "\"chutesai/Llama-4-Scout-17B-16E-Instruct\"}"),
                                        context);
        QCOMPARE(chutes->get_model().info.number("temperature"), std::optional<double>(0.5));
        // cerebras sends the free model under the paid id, with the free one's info.
        auto cerebras = build_api_handler(
            "cerebras",
            settings("{\"cerebrasApiKey\":\"k\",\"apiModelId\":\"qwen-3-coder-480b-free\"}"),
            context);
        QCOMPARE(cerebras->get_model().id, std::string("qwen-3-coder-480b"));
    }

    void js_trim_strips_unicode_white_space() {
        QCOMPARE(js_trim("\xC2\xA0 \t text \xE3\x80\x80\n"), std::string_view("text"));
        QCOMPARE(js_trim(" \xE2\x80\xA8 "), std::string_view());
        QCOMPARE(js_trim("é"), std::string_view("é"));
    }

    void cerebras_messages() {
        QCOMPARE(strip_thinking_tokens("<think>a</think> b <think>c</think>d<think>open"),
                 std::string("b d<think>open"));
        const OrderedJson content = parse(
            "[{\"type\":\"text\",\"text\":\"one\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
            "\"x\"}},"
            "{\"type\":\"text\",\"text\":\"\"},{\"type\":\"other\"},\"two\"]");
        QCOMPARE(flatten_message_content(&content), std::string("one\n[Image]\ntwo"));
        const OrderedJson null_content;
        QCOMPARE(flatten_message_content(&null_content), std::string());
        const OrderedJson converted = convert_to_cerebras_messages(
            parse("[{\"role\":\"user\",\"content\":\"hi\"},"
                  "{\"role\":\"assistant\",\"content\":\"<think>x</think>  \"},"
                  "{\"role\":\"tool\",\"tool_call_id\":\"t\",\"content\":\"result\"}]"));
        const std::string expected =
            "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"tool\",\"content\":\"result\"}]";
        QCOMPARE(lapce_ai::json::json_stringify(converted), expected);
    }

    void qwen_base_url_and_validity() {
        const OrderedJson portal = parse("{\"resource_url\":\"portal.qwen.ai\"}");
        const OrderedJson with_scheme = parse("{\"resource_url\":\"http://h/v1\"}");
        QCOMPARE(qwen_base_url(portal), std::string("https://portal.qwen.ai/v1"));
        QCOMPARE(qwen_base_url(with_scheme), std::string("http://h/v1"));
        QCOMPARE(qwen_base_url(parse("{}")),
                 std::string("https://dashscope.aliyuncs.com/compatible-mode/v1"));
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(1'000'000, Qt::UTC);
        const OrderedJson later = parse("{\"expiry_date\":1030001}");
        const OrderedJson too_soon = parse("{\"expiry_date\":1030000}");
        QVERIFY(is_qwen_token_valid(later, now));
        QVERIFY(!is_qwen_token_valid(too_soon, now));
        QVERIFY(!is_qwen_token_valid(parse("{}"), now));
    }

    void qwen_credential_files() {
        QTemporaryDir home;
        ProviderContext context;
        context.environment = [path = home.path().toStdString()](
                                  std::string_view name) -> std::optional<std::string> {
            if (name == "HOME") return path;
            return std::nullopt;
        };
        const std::string default_path = qwen_cached_credential_path(std::nullopt, context);
        QCOMPARE(default_path, home.path().toStdString() + "/.qwen/oauth_creds.json");
        QCOMPARE(qwen_cached_credential_path(std::string("~/creds.json"), context),
                 home.path().toStdString() + "/creds.json");
        QCOMPARE(qwen_cached_credential_path(std::string("/abs/creds.json"), context),
                 std::string("/abs/creds.json"));

        QCOMPARE(thrown_message([&] { load_cached_qwen_credentials(default_path); }),
                 "Error: Failed to load Qwen OAuth credentials: Error: ENOENT: no such file or "
                 "directory, open '" +
                     default_path + "'");
        QDir(home.path()).mkpath(QStringLiteral(".qwen"));
        QFile file(QString::fromStdString(default_path));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{oops");
        file.close();
        QVERIFY(thrown_message([&] {
                    load_cached_qwen_credentials(default_path);
                }).starts_with("Error: Failed to load Qwen OAuth credentials: SyntaxError: "));
    }
};

QTEST_GUILESS_MAIN(TestOpenAiCompatible)
#include "test_openai_compatible.moc"
