// The model tables generated from the reference (resources/providers/models): every file is
// embedded and parsed, constants read as the handlers import them, and the info the reference's
// handlers reported in the golden provider cases is the table entry, except where a handler
// adjusts it.

#include <QDir>
#include <QFile>
#include <QTest>
#include <cmath>
#include <map>
#include <set>

#include "golden_case.h"
#include "model_tables.h"
#include "ordered_json.h"

using namespace lapce_ai::providers;
using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using lapce_ai::json::parse_ordered_json;

namespace {

// Golden cases whose model_after.info is not the bare table entry, and why.
const std::map<QString, const char*> handler_adjusted_info{
    {QStringLiteral("anthropic/auth_token_1m_context"),
     "anthropicBeta1MContext: getModel applies the 1M-context tier (window and prices)"},
    {QStringLiteral("bedrock/thinking_reasoning_content"),
     "getModel lets the settings' modelMaxTokens override info.maxTokens"},
    {QStringLiteral("chutes/deepseek_r1_think_stream"),
     "getModel adds temperature to the info (0.6 for DeepSeek-R1 ids)"},
    {QStringLiteral("featherless/basic_stream_non_r1"),
     "getModel adds temperature to the info (the provider default, 0.5)"},
};

// Where each fixed-table provider's handler reads its model id (else apiModelId).
std::string settings_model_id(const std::string& provider, const OrderedJson& settings) {
    const std::string key = provider == "io-intelligence" ? "ioIntelligenceModelId" : "apiModelId";
    const OrderedJson* id = settings.find(key);
    return id != nullptr && id->is_string() ? id->as_string() : std::string();
}

}  // namespace

class TestModelTables : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void every_reference_file_is_embedded_with_its_exports_in_source_order();
    void named_constants_read_as_the_handlers_import_them();
    void sets_answer_membership();
    void tables_and_default_ids_per_provider();
    void fetched_model_providers_have_a_default_info_but_no_table();
    void infinity_survives_in_price_tiers();
    void unknown_names_are_empty();
    void golden_model_info_is_the_table_entry_unless_the_handler_adjusts_it();
};

void TestModelTables::every_reference_file_is_embedded_with_its_exports_in_source_order() {
    const QStringList files = QDir(QStringLiteral(":/providers/models"))
                                  .entryList({QStringLiteral("*.json")}, QDir::Files);
    QCOMPARE(files.size(), 30);
    for (const char* file : {"anthropic",
                             "bedrock",
                             "cerebras",
                             "chutes",
                             "deepinfra",
                             "deepseek",
                             "doubao",
                             "featherless",
                             "fireworks",
                             "gemini",
                             "glama",
                             "groq",
                             "huggingface",
                             "io-intelligence",
                             "lite-llm",
                             "lm-studio",
                             "mistral",
                             "moonshot",
                             "ollama",
                             "openai",
                             "openrouter",
                             "qwen-code",
                             "requesty",
                             "roo",
                             "sambanova",
                             "unbound",
                             "vercel-ai-gateway",
                             "vertex",
                             "xai",
                             "zai"}) {
        QVERIFY2(!provider_constants(file).members().empty(), file);
    }
    const auto& anthropic = provider_constants("anthropic").members();
    QCOMPARE(anthropic.size(), std::size_t(3));
    QCOMPARE(anthropic[0].key, std::string("anthropicDefaultModelId"));
    QCOMPARE(anthropic[1].key, std::string("anthropicModels"));
    QCOMPARE(anthropic[2].key, std::string("ANTHROPIC_DEFAULT_MAX_TOKENS"));
    // A model's keys keep the order of the TypeScript object.
    const OrderedJson* sonnet = model_table("anthropic").find("claude-sonnet-4-5");
    QVERIFY(sonnet != nullptr);
    QCOMPARE(sonnet->members().at(0).key, std::string("maxTokens"));
    QCOMPARE(sonnet->members().at(1).key, std::string("contextWindow"));
}

void TestModelTables::named_constants_read_as_the_handlers_import_them() {
    QCOMPARE(model_constant_number("ANTHROPIC_DEFAULT_MAX_TOKENS"), 8192.0);
    QCOMPARE(model_constant_string("azureOpenAiDefaultApiVersion"),
             std::string("2024-08-01-preview"));
    QCOMPARE(model_constant_number("OPENAI_NATIVE_DEFAULT_TEMPERATURE"), 0.0);
    QCOMPARE(model_constant_number("GPT5_DEFAULT_TEMPERATURE"), 1.0);
    QCOMPARE(model_constant_number("DEEP_SEEK_DEFAULT_TEMPERATURE"), 0.6);
    QCOMPARE(model_constant_number("BEDROCK_DEFAULT_TEMPERATURE"), 0.3);
    QCOMPARE(model_constant_number("BEDROCK_MAX_TOKENS"), 4096.0);
    QCOMPARE(model_constant_string("OPENROUTER_DEFAULT_PROVIDER_NAME"), std::string("[default]"));
    QCOMPARE(model_constant_string("DOUBAO_API_BASE_URL"),
             std::string("https://ark.cn-beijing.volces.com/api/v3"));
    QCOMPARE(json_stringify(model_constant("openAiModelInfoSaneDefaults")),
             std::string(R"({"maxTokens":-1,"contextWindow":128000,"supportsImages":true,)"
                         R"("supportsPromptCache":false,"inputPrice":0,"outputPrice":0})"));
    // BEDROCK_REGIONS is sorted by value when the module loads.
    const auto& regions = model_constant("BEDROCK_REGIONS").items();
    QVERIFY(regions.size() > 10);
    for (std::size_t i = 1; i < regions.size(); ++i) {
        QVERIFY(regions[i - 1].find("value")->as_string() <= regions[i].find("value")->as_string());
    }
    const auto& mapping = model_constant("AWS_INFERENCE_PROFILE_MAPPING").items();
    QVERIFY(!mapping.empty());
    QCOMPARE(mapping.front().items().size(), std::size_t(2));
    const OrderedJson& china = *model_constant("zaiApiLineConfigs").find("china");
    QCOMPARE(china.find("baseUrl")->as_string(),
             std::string("https://open.bigmodel.cn/api/paas/v4"));
    QVERIFY(china.find("isChina")->as_bool());
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, model_constant_number("anthropicDefaultModelId"));
}

void TestModelTables::sets_answer_membership() {
    QVERIFY(model_constant_has("OPEN_ROUTER_PROMPT_CACHING_MODELS", "anthropic/claude-sonnet-4"));
    QVERIFY(!model_constant_has("OPEN_ROUTER_PROMPT_CACHING_MODELS", "openai/gpt-4o"));
    QVERIFY(model_constant_has("OPEN_ROUTER_REQUIRED_REASONING_BUDGET_MODELS",
                               "anthropic/claude-3.7-sonnet:thinking"));
    QVERIFY(
        model_constant_has("VERCEL_AI_GATEWAY_PROMPT_CACHING_MODELS", "anthropic/claude-sonnet-4"));
    QVERIFY(model_constant_has("BEDROCK_1M_CONTEXT_MODEL_IDS",
                               "anthropic.claude-sonnet-4-20250514-v1:0"));
    QVERIFY(!model_constant_has("NO_SUCH_SET", "x"));
}

void TestModelTables::tables_and_default_ids_per_provider() {
    const std::map<std::string, std::string> defaults{
        {"anthropic", "claude-sonnet-4-20250514"},
        {"bedrock", "anthropic.claude-sonnet-4-20250514-v1:0"},
        {"deepseek", "deepseek-chat"},
        {"gemini", "gemini-2.0-flash-001"},
        {"openai-native", "gpt-5-2025-08-07"},
        {"vertex", "claude-sonnet-4-5@20250929"},
        {"zai", "glm-4.5"},
        {"zai-mainland", "glm-4.5"},
        {"xai", "grok-code-fast-1"},
    };
    for (const auto& [provider, id] : defaults) {
        QCOMPARE(default_model_id(provider), id);
        QVERIFY2(find_model_info(provider, id).has_value(), provider.c_str());
        QCOMPARE(json_stringify(default_model_info(provider)->json()),
                 json_stringify(find_model_info(provider, id)->json()));
    }
    for (const char* provider :
         {"cerebras", "chutes", "doubao", "featherless", "fireworks", "groq", "io-intelligence",
          "mistral", "moonshot", "qwen-code", "roo", "sambanova"}) {
        QVERIFY2(find_model_info(provider, default_model_id(provider)).has_value(), provider);
    }
    const std::optional<ModelInfo> gpt41 = find_model_info("openai-native", "gpt-4.1");
    QVERIFY(gpt41);
    QCOMPARE(gpt41->max_tokens(), 32768.0);
    QVERIFY(!find_model_info("anthropic", "gpt-4.1"));
    // The two zai tables differ in prices.
    QVERIFY(json_stringify(model_table("zai")) != json_stringify(model_table("zai-mainland")));
}

void TestModelTables::fetched_model_providers_have_a_default_info_but_no_table() {
    for (const char* provider : {"openrouter", "glama", "unbound", "requesty", "litellm",
                                 "lmstudio", "ollama", "deepinfra", "vercel-ai-gateway"}) {
        QVERIFY2(model_table(provider).members().empty(), provider);
        QVERIFY2(!default_model_id(provider).empty(), provider);
        QVERIFY2(default_model_info(provider).has_value(), provider);
    }
    QCOMPARE(default_model_id("openrouter"), std::string("anthropic/claude-sonnet-4"));
    QCOMPARE(default_model_id("openai"), std::string());
    QCOMPARE(default_model_info("openai")->context_window(), 128000.0);
    QCOMPARE(default_model_id("huggingface"), std::string());
    QVERIFY(!default_model_info("huggingface"));
}

void TestModelTables::infinity_survives_in_price_tiers() {
    const std::optional<ModelInfo> pro = find_model_info("gemini", "gemini-2.5-pro");
    QVERIFY(pro);
    const OrderedJson* tiers = pro->value("tiers");
    QVERIFY(tiers != nullptr && tiers->items().size() == 2);
    QVERIFY(std::isinf(tiers->items()[1].find("contextWindow")->as_number()));
    // JSON.stringify prints it as null, as in the reference's getModel() output.
    QVERIFY(json_stringify(tiers->items()[1]).find("\"contextWindow\":null") != std::string::npos);
}

void TestModelTables::unknown_names_are_empty() {
    QVERIFY(model_constant("noSuchConstant").is_null());
    QVERIFY(provider_constants("claude-code").members().empty());
    QVERIFY(model_table("no-such-provider").members().empty());
    QVERIFY(!find_model_info("no-such-provider", "x"));
    QCOMPARE(default_model_id("no-such-provider"), std::string());
}

void TestModelTables::golden_model_info_is_the_table_entry_unless_the_handler_adjusts_it() {
    const QString golden = lapce_ai::parity::golden_dir();
    const QDir root(golden + QStringLiteral("/providers"));
    if (golden.isEmpty() || !root.exists()) {
        QSKIP("golden provider cases not found (set LAPCE_AI_GOLDEN_DIR)");
    }
    int compared = 0;
    std::set<QString> adjusted_seen;
    for (const QString& provider_dir : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QDir dir(root.filePath(provider_dir));
        for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            auto parsed =
                parse_ordered_json(std::string_view(bytes.constData(), std::size_t(bytes.size())));
            QVERIFY2(parsed.has_value(), qPrintable(name));
            const OrderedJson& golden_case = *parsed;
            const OrderedJson* provider = golden_case.find("provider");
            const OrderedJson* model_after = golden_case.find("model_after");
            const OrderedJson* settings = golden_case.find("settings");
            if (provider == nullptr || model_after == nullptr || settings == nullptr) continue;
            const std::string provider_name = provider->as_string();
            if (model_table(provider_name).members().empty()) continue;  // fetched models

            // As the handlers' getModel: the settings' id when the table has it, else the default.
            std::string id = settings_model_id(provider_name, *settings);
            if (!find_model_info(provider_name, id)) id = default_model_id(provider_name);
            const std::optional<ModelInfo> info = find_model_info(provider_name, id);
            QVERIFY(info);

            const QString case_id = provider_dir + QLatin1Char('/') + name.chopped(5);
            const std::string expected = json_stringify(*model_after->find("info"));
            const std::string actual = json_stringify(info->json());
            const auto adjusted = handler_adjusted_info.find(case_id);
            if (adjusted != handler_adjusted_info.end()) {
                QVERIFY2(expected != actual,
                         qPrintable(case_id + QStringLiteral(" now equals the table entry")));
                qInfo("%s: differs from the table entry: %s", qPrintable(case_id),
                      adjusted->second);
                adjusted_seen.insert(case_id);
                continue;
            }
            if (expected != actual) {
                QFAIL(qPrintable(case_id + QStringLiteral(": table entry ") +
                                 QString::fromStdString(actual) + QStringLiteral("\n golden ") +
                                 QString::fromStdString(expected)));
            }
            ++compared;
        }
    }
    qInfo(
        "model tables: %d golden cases report the table entry as is, %zu are adjusted by "
        "their handler",
        compared, adjusted_seen.size());
    QVERIFY(compared > 0);
}

QTEST_APPLESS_MAIN(TestModelTables)
#include "test_model_tables.moc"
