// getModelParams, the reasoning parameters and the max-output-token rules, translated from the
// reference's src/api/transform/__tests__/model-params.spec.ts, reasoning.spec.ts and
// src/shared/__tests__/api.spec.ts. Models and settings are written as the spec's objects.

#include <QTest>

#include "model_params.h"
#include "model_tables.h"
#include "ordered_json.h"
#include "test_json.h"

using namespace lapce_ai::providers;
using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using lapce_ai::json::parse_ordered_json;

namespace {

OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

// `{...base, ...extra}` as objects.
OrderedJson spread(OrderedJson base, std::string_view extra) {
    const OrderedJson extra_object = parse(extra);
    for (const auto& member : extra_object.members()) base.set(member.key, member.value);
    return base;
}

ModelInfo model(std::string_view text) {
    return ModelInfo(parse(text));
}
ProviderSettings settings(std::string_view text) {
    return ProviderSettings(parse(text));
}

// The spec's baseModel in model-params.spec.ts and reasoning.spec.ts.
ModelInfo base_model(std::string_view extra = "{}") {
    return ModelInfo(spread(parse(R"({"contextWindow":16000,"supportsPromptCache":true})"), extra));
}

// The result object, undefined fields left out.
OrderedJson params_json(const ModelParams& params) {
    OrderedJson object = OrderedJson::object({{"format", OrderedJson::string(params.format)}});
    if (params.max_tokens) object.set("maxTokens", OrderedJson::number(*params.max_tokens));
    if (params.temperature) object.set("temperature", OrderedJson::number(*params.temperature));
    if (params.reasoning_effort)
        object.set("reasoningEffort", OrderedJson::string(*params.reasoning_effort));
    if (params.reasoning_budget)
        object.set("reasoningBudget", OrderedJson::number(*params.reasoning_budget));
    if (params.verbosity) object.set("verbosity", OrderedJson::string(*params.verbosity));
    if (!params.reasoning.is_null()) object.set("reasoning", params.reasoning);
    return object;
}

// Each member of `expected` must match; a null member must be undefined in `actual`.
void expect_fields(const OrderedJson& actual, std::string_view expected) {
    const OrderedJson expected_object = parse(expected);
    for (const auto& member : expected_object.members()) {
        const OrderedJson* found = actual.find(member.key);
        const std::string actual_text = found ? json_stringify(*found) : "undefined";
        const std::string expected_text =
            member.value.is_null() ? "undefined" : json_stringify(member.value);
        if (actual_text != expected_text) {
            QFAIL(qPrintable(QStringLiteral("%1: expected %2, got %3 (in %4)")
                                 .arg(QString::fromStdString(member.key),
                                      QString::fromStdString(expected_text),
                                      QString::fromStdString(actual_text),
                                      QString::fromStdString(json_stringify(actual)))));
        }
    }
}

std::string reasoning_text(const OrderedJson& reasoning) {
    return reasoning.is_null() ? "undefined" : json_stringify(reasoning);
}

double anthropic_default_max_tokens() {
    return model_constant_number("ANTHROPIC_DEFAULT_MAX_TOKENS");
}

}  // namespace

class TestModelParams : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void model_params_follow_the_reference_data();
    void model_params_follow_the_reference();
    void reasoning_params_follow_the_reference_data();
    void reasoning_params_follow_the_reference();
    void undefined_settings_use_no_reasoning();
    void max_output_tokens_for_claude_code_come_from_its_setting();
    void max_output_tokens_follow_the_reference_data();
    void max_output_tokens_follow_the_reference();
    void gpt5_models_bypass_the_twenty_percent_cap();
    void other_models_are_capped_at_twenty_percent_of_the_context();
    void reasoning_budget_is_used_when_required_or_enabled();
    void reasoning_effort_is_used_when_given_and_not_disabled();
};

// model-params.spec.ts: format, modelId, model (spread over baseModel), settings,
// defaultTemperature (-1: not given), expected fields (null: undefined).
void TestModelParams::model_params_follow_the_reference_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("model_id");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("settings");
    QTest::addColumn<double>("default_temperature");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char* name, const char* format, const char* model_id,
                        const char* model_extra, const char* settings_json, double temperature,
                        const char* expected) {
        QTest::newRow(name) << QString::fromLatin1(format) << QString::fromLatin1(model_id)
                            << QString::fromLatin1(model_extra)
                            << QString::fromLatin1(settings_json) << temperature
                            << QString::fromLatin1(expected);
    };
    // Basic functionality
    row("default values", "anthropic", "test", "{}", "{}", 0.5,
        R"({"format":"anthropic","maxTokens":8192,"temperature":0.5,"reasoningEffort":null,"reasoningBudget":null,"reasoning":null})");
    row("default temperature is 0", "anthropic", "test", "{}", "{}", -1, R"({"temperature":0})");
    row("custom temperature", "anthropic", "test", "{}", R"({"modelTemperature":0.7})", 0.5,
        R"({"format":"anthropic","maxTokens":8192,"temperature":0.7,"reasoningEffort":null,"reasoningBudget":null,"reasoning":null})");
    row("null temperature", "anthropic", "test", "{}", R"({"modelTemperature":null})", 0.5,
        R"({"temperature":0.5})");
    row("model maxTokens", "anthropic", "test", R"({"maxTokens":2000})", "{}", -1,
        R"({"format":"anthropic","maxTokens":2000,"temperature":0,"reasoningEffort":null,"reasoningBudget":null,"reasoning":null})");
    row("null maxTokens", "anthropic", "test", R"({"maxTokens":null})", "{}", -1,
        R"({"maxTokens":8192})");
    // Format-specific behaviour
    row("anthropic format", "anthropic", "test", "{}", "{}", -1, R"({"format":"anthropic"})");
    row("openai format", "openai", "test", "{}", "{}", -1, R"({"format":"openai"})");
    row("openrouter format", "openrouter", "test", "{}", "{}", -1, R"({"format":"openrouter"})");
    row("anthropic default max tokens", "anthropic", "test", "{}", "{}", -1,
        R"({"maxTokens":8192})");
    row("openrouter anthropic model", "openrouter", "anthropic/claude-3-sonnet", "{}", "{}", -1,
        R"({"maxTokens":8192})");
    row("openai no forced maxTokens", "openai", "test", "{}", "{}", -1, R"({"maxTokens":null})");
    row("openrouter non-anthropic no forced maxTokens", "openrouter", "openai/gpt-4", "{}", "{}",
        -1, R"({"maxTokens":null})");
    // Reasoning budget (hybrid reasoning models)
    row("requiredReasoningBudget", "anthropic", "test", R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":2000})", -1,
        R"({"format":"anthropic","maxTokens":2000,"temperature":1,"reasoningEffort":null,"reasoningBudget":1600,"reasoning":{"type":"enabled","budget_tokens":1600}})");
    row("supportsReasoningBudget enabled", "anthropic", "test",
        R"({"supportsReasoningBudget":true})",
        R"({"enableReasoningEffort":true,"modelMaxTokens":2000})", -1,
        R"({"reasoningBudget":1600,"temperature":1,"reasoning":{"type":"enabled","budget_tokens":1600}})");
    row("supportsReasoningBudget disabled", "anthropic", "test",
        R"({"maxTokens":2000,"supportsReasoningBudget":true})",
        R"({"enableReasoningEffort":false})", -1,
        R"({"reasoningBudget":null,"temperature":0,"reasoning":null})");
    row("custom max tokens", "anthropic", "test", R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":3000})", -1,
        R"({"format":"anthropic","maxTokens":3000,"temperature":1,"reasoningEffort":null,"reasoningBudget":2400,"reasoning":{"type":"enabled","budget_tokens":2400}})");
    row("custom max thinking tokens", "anthropic", "test", R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":4000,"modelMaxThinkingTokens":1500})", -1,
        R"({"format":"anthropic","maxTokens":4000,"temperature":1,"reasoningEffort":null,"reasoningBudget":1500,"reasoning":{"type":"enabled","budget_tokens":1500}})");
    row("max thinking tokens ignored without budget", "anthropic", "test", R"({"maxTokens":3000})",
        R"({"modelMaxThinkingTokens":1500})", -1,
        R"({"format":"anthropic","maxTokens":3000,"temperature":0,"reasoningEffort":null,"reasoningBudget":null,"reasoning":null})");
    row("budget at least 1024", "anthropic", "test", R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":2000,"modelMaxThinkingTokens":500})", -1,
        R"({"format":"anthropic","maxTokens":2000,"temperature":1,"reasoningEffort":null,"reasoningBudget":1024,"reasoning":{"type":"enabled","budget_tokens":1024}})");
    row("gemini 2.5 pro budget at least 128", "gemini", "gemini-2.5-pro",
        R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":2000,"modelMaxThinkingTokens":50})", -1,
        R"({"format":"gemini","maxTokens":2000,"temperature":1,"reasoningEffort":null,"reasoningBudget":128,"reasoning":{"thinkingBudget":128,"includeThoughts":true}})");
    row("gemini 2.5 pro default budget 128", "openrouter", "google/gemini-2.5-pro",
        R"({"requiredReasoningBudget":true})", R"({"modelMaxTokens":4000})", -1,
        R"({"format":"openrouter","maxTokens":4000,"temperature":1,"reasoningEffort":null,"reasoningBudget":128,"reasoning":{"max_tokens":128}})");
    row("budget at most 80 percent", "anthropic", "test", R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":4000,"modelMaxThinkingTokens":5000})", -1,
        R"({"format":"anthropic","maxTokens":4000,"temperature":1,"reasoningEffort":null,"reasoningBudget":3200,"reasoning":{"type":"enabled","budget_tokens":3200}})");
    row("hybrid defaults", "anthropic", "test", R"({"requiredReasoningBudget":true})", "{}", -1,
        R"({"format":"anthropic","maxTokens":16384,"temperature":1,"reasoningEffort":null,"reasoningBudget":8192,"reasoning":{"type":"enabled","budget_tokens":8192}})");
    row("custom max and thinking tokens", "anthropic", "test",
        R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":5000,"modelMaxThinkingTokens":2000})", -1,
        R"({"maxTokens":5000,"reasoningBudget":2000})");
    row("custom thinking tokens clamped", "anthropic", "test",
        R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":2000,"modelMaxThinkingTokens":5000})", -1,
        R"({"maxTokens":2000,"reasoningBudget":1600})");
    // Reasoning effort (traditional reasoning models)
    row("model reasoningEffort", "openai", "test",
        R"({"supportsReasoningEffort":true,"reasoningEffort":"medium"})", "{}", -1,
        R"({"reasoningEffort":"medium","reasoningBudget":null,"temperature":0,"reasoning":{"reasoning_effort":"medium"}})");
    row("settings reasoningEffort", "openai", "test", R"({"supportsReasoningEffort":true})",
        R"({"reasoningEffort":"high"})", -1,
        R"({"reasoningEffort":"high","reasoning":{"reasoning_effort":"high"}})");
    row("settings effort preferred", "openai", "test",
        R"({"supportsReasoningEffort":true,"reasoningEffort":"low"})",
        R"({"reasoningEffort":"high"})", -1,
        R"({"reasoningEffort":"high","reasoning":{"reasoning_effort":"high"}})");
    row("no effort specified", "openai", "test", R"({"supportsReasoningEffort":true})", "{}", -1,
        R"({"reasoningEffort":null,"reasoning":null})");
    row("openrouter effort", "openrouter", "test",
        R"({"supportsReasoningEffort":true,"reasoningEffort":"medium"})", "{}", -1,
        R"({"reasoningEffort":"medium","reasoning":{"effort":"medium"}})");
    row("anthropic ignores effort", "anthropic", "test",
        R"({"supportsReasoningEffort":true,"reasoningEffort":"medium"})", "{}", -1,
        R"({"reasoningEffort":"medium","reasoning":null})");
    row("model effort without support flag", "openai", "test",
        R"({"maxTokens":3000,"supportsReasoningEffort":false,"reasoningEffort":"medium"})", "{}",
        -1, R"({"maxTokens":3000,"reasoningEffort":"medium"})");
    // Hybrid reasoning models
    row("hybrid without reasoning", "anthropic", "test",
        R"({"maxTokens":8000,"supportsReasoningBudget":true})", "{}", -1,
        R"({"maxTokens":8192,"reasoningBudget":null})");
    row("hybrid with reasoning", "anthropic", "test",
        R"({"maxTokens":8000,"supportsReasoningBudget":true})", R"({"enableReasoningEffort":true})",
        -1, R"({"maxTokens":16384,"reasoningBudget":8192})");
    // Edge cases and combinations
    row("budget takes precedence over effort", "anthropic", "test",
        R"({"supportsReasoningBudget":true,"supportsReasoningEffort":true,"reasoningEffort":"medium"})",
        R"({"enableReasoningEffort":true,"modelMaxTokens":4000})", -1,
        R"({"reasoningBudget":3200,"reasoningEffort":null,"temperature":1})");
    row("zero maxTokens", "anthropic", "test", R"({"maxTokens":0})", "{}", -1,
        R"({"maxTokens":8192})");
    row("very small maxTokens", "anthropic", "test", R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":1000})", -1, R"({"maxTokens":1000,"reasoningBudget":1024})");
    row("empty settings", "anthropic", "test", "{}", "{}", -1,
        R"({"temperature":0,"maxTokens":8192})");
    for (const char* effort : {"low", "medium", "high"}) {
        const std::string name = std::string("effort ") + effort;
        const std::string settings_json = std::string(R"({"reasoningEffort":")") + effort + "\"}";
        const std::string expected = std::string(R"({"reasoningEffort":")") + effort +
                                     R"(","reasoning":{"reasoning_effort":")" + effort + "\"}}";
        QTest::newRow(name.c_str())
            << QStringLiteral("openai") << QStringLiteral("test")
            << QStringLiteral(R"({"supportsReasoningEffort":true})")
            << QString::fromStdString(settings_json) << -1.0 << QString::fromStdString(expected);
    }
    row("complex configuration", "anthropic", "test",
        R"({"maxTokens":16000,"maxThinkingTokens":8000,"supportsReasoningBudget":true,"supportsReasoningEffort":true,"reasoningEffort":"low"})",
        R"({"enableReasoningEffort":true,"modelMaxTokens":20000,"modelMaxThinkingTokens":10000,"modelTemperature":0.8})",
        -1,
        R"({"maxTokens":20000,"reasoningBudget":10000,"temperature":1,"reasoningEffort":null})");
    // Provider-specific reasoning behaviour
    row("openai reasoning format", "openai", "test",
        R"({"supportsReasoningEffort":true,"reasoningEffort":"medium"})", "{}", -1,
        R"({"reasoning":{"reasoning_effort":"medium"}})");
    row("openrouter effort format", "openrouter", "test",
        R"({"supportsReasoningEffort":true,"reasoningEffort":"high"})", "{}", -1,
        R"({"reasoning":{"effort":"high"}})");
    row("openrouter budget format", "openrouter", "test", R"({"requiredReasoningBudget":true})",
        R"({"modelMaxTokens":4000})", -1, R"({"reasoning":{"max_tokens":3200}})");
    row("anthropic effort format", "anthropic", "test",
        R"({"supportsReasoningEffort":true,"reasoningEffort":"medium"})", "{}", -1,
        R"({"reasoning":null})");
    // Verbosity
    row("verbosity low", "openai", "test", "{}", R"({"verbosity":"low"})", -1,
        R"({"verbosity":"low"})");
    row("verbosity medium", "openai", "test", "{}", R"({"verbosity":"medium"})", -1,
        R"({"verbosity":"medium"})");
    row("verbosity high", "openai", "test", "{}", R"({"verbosity":"high"})", -1,
        R"({"verbosity":"high"})");
    row("verbosity undefined", "openai", "test", "{}", "{}", -1, R"({"verbosity":null})");
    row("verbosity with effort", "openai", "test", R"({"supportsReasoningEffort":true})",
        R"({"reasoningEffort":"high","verbosity":"low"})", -1,
        R"({"reasoningEffort":"high","verbosity":"low","reasoning":{"reasoning_effort":"high"}})");
    row("verbosity with budget", "anthropic", "test", R"({"supportsReasoningBudget":true})",
        R"({"enableReasoningEffort":true,"verbosity":"high"})", -1,
        R"({"verbosity":"high","reasoningBudget":8192})");
    // Temperature exceptions of the openai and openrouter formats.
    row("o1 has no temperature", "openai", "o1-preview", "{}", R"({"modelTemperature":0.7})", -1,
        R"({"temperature":null})");
    row("o3-mini has no temperature", "openai", "o3-mini-high", "{}", "{}", -1,
        R"({"temperature":null})");
    row("openrouter o1-pro has no temperature", "openrouter", "openai/o1-pro", "{}", "{}", -1,
        R"({"temperature":null})");
}

void TestModelParams::model_params_follow_the_reference() {
    QFETCH(QString, format);
    QFETCH(QString, model_id);
    QFETCH(QString, model);
    QFETCH(QString, settings);
    QFETCH(double, default_temperature);
    QFETCH(QString, expected);

    const ModelInfo info = base_model(model.toStdString());
    const ProviderSettings provider_settings = ::settings(settings.toStdString());
    const ModelParams params = default_temperature < 0
                                   ? get_model_params(format.toStdString(), model_id.toStdString(),
                                                      info, provider_settings)
                                   : get_model_params(format.toStdString(), model_id.toStdString(),
                                                      info, provider_settings, default_temperature);
    expect_fields(params_json(params), expected.toStdString());
}

// reasoning.spec.ts: model (spread over baseModel), settings, reasoningBudget and
// reasoningEffort ("undefined" for undefined), then the expected OpenRouter, Anthropic and
// OpenAI results ("undefined", or "-" when the spec does not check it).
void TestModelParams::reasoning_params_follow_the_reference_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("settings");
    QTest::addColumn<QString>("budget");
    QTest::addColumn<QString>("effort");
    QTest::addColumn<QString>("open_router");
    QTest::addColumn<QString>("anthropic");
    QTest::addColumn<QString>("open_ai");

    const auto row = [](const char* name, const char* model_extra, const char* settings_json,
                        const char* budget, const char* effort, const char* open_router,
                        const char* anthropic, const char* open_ai) {
        QTest::newRow(name) << QString::fromLatin1(model_extra)
                            << QString::fromLatin1(settings_json) << QString::fromLatin1(budget)
                            << QString::fromLatin1(effort) << QString::fromLatin1(open_router)
                            << QString::fromLatin1(anthropic) << QString::fromLatin1(open_ai);
    };
    const char* required = R"({"requiredReasoningBudget":true})";
    const char* budget_supported = R"({"supportsReasoningBudget":true})";
    const char* effort_supported = R"({"supportsReasoningEffort":true})";

    // getOpenRouterReasoning
    row("openrouter required budget", required, "{}", "1000", "medium", R"({"max_tokens":1000})",
        "-", "-");
    row("openrouter enabled budget", budget_supported, R"({"enableReasoningEffort":true})", "1000",
        "medium", R"({"max_tokens":1000})", "-", "-");
    row("openrouter settings effort", effort_supported, R"({"reasoningEffort":"high"})", "1000",
        "high", R"({"effort":"high"})", "-", "-");
    row("openrouter model effort", R"({"reasoningEffort":"medium"})", "{}", "1000", "medium",
        R"({"effort":"medium"})", "-", "-");
    row("openrouter no capabilities", "{}", "{}", "1000", "medium", "undefined", "-", "-");
    row("openrouter budget before effort",
        R"({"supportsReasoningBudget":true,"reasoningEffort":"high"})",
        R"({"enableReasoningEffort":true,"reasoningEffort":"low"})", "1000", "medium",
        R"({"max_tokens":1000})", "-", "-");
    row("openrouter undefined budget", required, "{}", "undefined", "medium", "{}", "-", "-");
    row("openrouter undefined effort", R"({"reasoningEffort":"medium"})", "{}", "1000", "undefined",
        "undefined", "-", "-");
    for (const char* effort : {"minimal", "low", "medium", "high"}) {
        const std::string name = std::string("openrouter effort ") + effort;
        const std::string settings_json = std::string(R"({"reasoningEffort":")") + effort + "\"}";
        const std::string expected = std::string(R"({"effort":")") + effort + "\"}";
        QTest::newRow(name.c_str())
            << QString::fromLatin1(effort_supported) << QString::fromStdString(settings_json)
            << QStringLiteral("1000") << QString::fromLatin1(effort)
            << QString::fromStdString(expected) << QStringLiteral("-") << QStringLiteral("-");
    }
    row("openrouter zero budget", required, "{}", "0", "medium", R"({"max_tokens":0})", "-", "-");
    row("openrouter budget disabled", budget_supported, R"({"enableReasoningEffort":false})",
        "1000", "medium", "undefined", "-", "-");
    row("openrouter supported effort unspecified", effort_supported, "{}", "1000", "undefined",
        "undefined", "-", "-");
    // getAnthropicReasoning
    row("anthropic required budget", required, "{}", "1000", "medium", "-",
        R"({"type":"enabled","budget_tokens":1000})", "-");
    row("anthropic enabled budget", budget_supported, R"({"enableReasoningEffort":true})", "1000",
        "medium", "-", R"({"type":"enabled","budget_tokens":1000})", "-");
    row("anthropic no budget capability", "{}", "{}", "1000", "medium", "-", "undefined", "-");
    row("anthropic budget disabled", budget_supported, R"({"enableReasoningEffort":false})", "1000",
        "medium", "-", "undefined", "-");
    row("anthropic undefined budget", required, "{}", "undefined", "medium", "-",
        R"({"type":"enabled"})", "-");
    row("anthropic zero budget", required, "{}", "0", "medium", "-",
        R"({"type":"enabled","budget_tokens":0})", "-");
    row("anthropic large budget", required, "{}", "100000", "medium", "-",
        R"({"type":"enabled","budget_tokens":100000})", "-");
    row("anthropic ignores effort parameter", required, "{}", "1000", "high", "-",
        R"({"type":"enabled","budget_tokens":1000})", "-");
    row("anthropic ignores effort capabilities",
        R"({"supportsReasoningEffort":true,"reasoningEffort":"high"})",
        R"({"reasoningEffort":"medium"})", "1000", "medium", "-", "undefined", "-");
    // getOpenAiReasoning
    row("openai settings effort", effort_supported, R"({"reasoningEffort":"high"})", "1000", "high",
        "-", "-", R"({"reasoning_effort":"high"})");
    row("openai model effort", R"({"reasoningEffort":"medium"})", "{}", "1000", "medium", "-", "-",
        R"({"reasoning_effort":"medium"})");
    row("openai no capability", "{}", "{}", "1000", "medium", "-", "-", "undefined");
    row("openai supported effort unspecified", effort_supported, "{}", "1000", "undefined", "-",
        "-", "undefined");
    row("openai undefined effort", R"({"reasoningEffort":"medium"})", "{}", "1000", "undefined",
        "-", "-", "{}");
    for (const char* effort : {"low", "medium", "high"}) {
        const std::string name = std::string("openai effort ") + effort;
        const std::string model_json = std::string(R"({"reasoningEffort":")") + effort + "\"}";
        const std::string expected = std::string(R"({"reasoning_effort":")") + effort + "\"}";
        QTest::newRow(name.c_str())
            << QString::fromStdString(model_json) << QStringLiteral("{}") << QStringLiteral("1000")
            << QString::fromLatin1(effort) << QStringLiteral("-") << QStringLiteral("-")
            << QString::fromStdString(expected);
    }
    row("openai minimal effort is dropped", effort_supported, R"({"reasoningEffort":"minimal"})",
        "1000", "minimal", "-", "-", "undefined");
    row("openai ignores budget parameter", R"({"reasoningEffort":"medium"})", "{}", "5000",
        "medium", "-", "-", R"({"reasoning_effort":"medium"})");
    row("openai ignores budget capabilities",
        R"({"supportsReasoningBudget":true,"requiredReasoningBudget":true})",
        R"({"enableReasoningEffort":true})", "1000", "medium", "-", "-", "undefined");
    // Integration scenarios
    row("required budget everywhere", required, "{}", "1000", "medium", R"({"max_tokens":1000})",
        R"({"type":"enabled","budget_tokens":1000})", "undefined");
    row("supported effort everywhere", effort_supported, R"({"reasoningEffort":"high"})", "1000",
        "high", R"({"effort":"high"})", "undefined", R"({"reasoning_effort":"high"})");
    row("both capabilities", R"({"supportsReasoningBudget":true,"reasoningEffort":"medium"})",
        R"({"enableReasoningEffort":true,"reasoningEffort":"high"})", "1000", "medium",
        R"({"max_tokens":1000})", R"({"type":"enabled","budget_tokens":1000})",
        R"({"reasoning_effort":"medium"})");
    row("empty settings", "{}", "{}", "1000", "medium", "undefined", "undefined", "undefined");
    row("model effort everywhere", R"({"reasoningEffort":"low"})", "{}", "1000", "low",
        R"({"effort":"low"})", "undefined", R"({"reasoning_effort":"low"})");
}

void TestModelParams::reasoning_params_follow_the_reference() {
    QFETCH(QString, model);
    QFETCH(QString, settings);
    QFETCH(QString, budget);
    QFETCH(QString, effort);
    QFETCH(QString, open_router);
    QFETCH(QString, anthropic);
    QFETCH(QString, open_ai);

    const ModelInfo info = base_model(model.toStdString());
    const ProviderSettings provider_settings = ::settings(settings.toStdString());
    const GetModelReasoningOptions options{
        info,
        budget == QStringLiteral("undefined") ? std::nullopt : std::optional(budget.toDouble()),
        effort == QStringLiteral("undefined") ? std::nullopt : std::optional(effort.toStdString()),
        provider_settings};
    if (open_router != QStringLiteral("-"))
        QCOMPARE(reasoning_text(get_open_router_reasoning(options)), open_router.toStdString());
    if (anthropic != QStringLiteral("-"))
        QCOMPARE(reasoning_text(get_anthropic_reasoning(options)), anthropic.toStdString());
    if (open_ai != QStringLiteral("-"))
        QCOMPARE(reasoning_text(get_open_ai_reasoning(options)), open_ai.toStdString());
}

void TestModelParams::undefined_settings_use_no_reasoning() {
    // reasoning.spec.ts "should handle undefined settings": undefined behaves as empty settings.
    const ModelInfo info = base_model();
    const ProviderSettings none;
    const GetModelReasoningOptions options{info, 1000, std::string("medium"), none};
    QVERIFY(get_open_router_reasoning(options).is_null());
    QVERIFY(get_anthropic_reasoning(options).is_null());
    QVERIFY(get_open_ai_reasoning(options).is_null());
    QVERIFY(get_gemini_reasoning(options).is_null());
}

void TestModelParams::max_output_tokens_for_claude_code_come_from_its_setting() {
    const ModelInfo info =
        model(R"({"maxTokens":8192,"contextWindow":200000,"supportsPromptCache":true})");
    QCOMPARE(get_model_max_output_tokens(
                 "claude-3-5-sonnet-20241022", info,
                 settings(R"({"apiProvider":"claude-code","claudeCodeMaxOutputTokens":16384})")),
             16384.0);
    QCOMPARE(get_model_max_output_tokens("claude-3-5-sonnet-20241022", info,
                                         settings(R"({"apiProvider":"claude-code"})")),
             CLAUDE_CODE_DEFAULT_MAX_OUTPUT_TOKENS);
}

// api.spec.ts getModelMaxOutputTokens: model id, model, settings, format ("" = none),
// expected (-1 = undefined).
void TestModelParams::max_output_tokens_follow_the_reference_data() {
    QTest::addColumn<QString>("model_id");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("settings");
    QTest::addColumn<QString>("format");
    QTest::addColumn<double>("expected");

    const auto row = [](const char* name, const char* model_id, const char* model_json,
                        const char* settings_json, const char* format, double expected) {
        QTest::newRow(name) << QString::fromLatin1(model_id) << QString::fromLatin1(model_json)
                            << QString::fromLatin1(settings_json) << QString::fromLatin1(format)
                            << expected;
    };
    const char* mock = R"({"maxTokens":8192,"contextWindow":200000,"supportsPromptCache":true})";
    row("model maxTokens within 20 percent", "claude-3-5-sonnet-20241022", mock,
        R"({"apiProvider":"anthropic"})", "", 8192);
    row("reasoning budget model", "claude-3-7-sonnet-20250219",
        R"({"maxTokens":8192,"contextWindow":200000,"supportsPromptCache":true,"supportsReasoningBudget":true,"requiredReasoningBudget":true})",
        R"({"apiProvider":"anthropic","enableReasoningEffort":true,"modelMaxTokens":32000})", "",
        32000);
    row("undefined maxTokens defaults to 8192", "some-model",
        R"({"contextWindow":100000,"supportsPromptCache":true})", "{}", "", 8192);
    row("anthropic hybrid not reasoning", "claude-sonnet-4-20250514",
        R"({"contextWindow":200000,"supportsPromptCache":true,"supportsReasoningBudget":true,"maxTokens":64000})",
        R"({"apiProvider":"anthropic","enableReasoningEffort":false})", "", 8192);
    row("non-anthropic hybrid not reasoning", "gemini-2.5-flash-preview-04-17",
        R"({"contextWindow":1048576,"supportsPromptCache":false,"supportsReasoningBudget":true,"maxTokens":65535})",
        R"({"apiProvider":"gemini","enableReasoningEffort":false})", "", 65535);
    row("clamped to 20 percent", "gpt-4",
        R"({"contextWindow":100000,"supportsPromptCache":false,"maxTokens":50000})",
        R"({"apiProvider":"openai"})", "openai", 20000);
    row("anthropic clamped to 20 percent", "claude-3-5-sonnet-20241022",
        R"({"contextWindow":100000,"supportsPromptCache":true,"maxTokens":50000})",
        R"({"apiProvider":"anthropic"})", "", 20000);
    row("exactly 20 percent", "gpt-4",
        R"({"contextWindow":100000,"supportsPromptCache":false,"maxTokens":20000})",
        R"({"apiProvider":"openai"})", "openai", 20000);
    for (const auto& [max_tokens, context_window] :
         {std::pair{128000, 200000}, std::pair{64000, 200000}, std::pair{256000, 400000}}) {
        const std::string name = "gpt-5 keeps " + std::to_string(max_tokens);
        const std::string model_json = R"({"contextWindow":)" + std::to_string(context_window) +
                                       R"(,"supportsPromptCache":false,"maxTokens":)" +
                                       std::to_string(max_tokens) + "}";
        QTest::newRow(name.c_str())
            << QStringLiteral("gpt-5-turbo") << QString::fromStdString(model_json)
            << QStringLiteral(R"({"apiProvider":"openai"})") << QStringLiteral("openai")
            << double(max_tokens);
    }
    row("required budget uses modelMaxTokens", "test",
        R"({"contextWindow":200000,"supportsPromptCache":true,"requiredReasoningBudget":true,"maxTokens":8000})",
        R"({"modelMaxTokens":4000})", "", 4000);
    row("required budget defaults to 16384", "test",
        R"({"contextWindow":200000,"supportsPromptCache":true,"requiredReasoningBudget":true,"maxTokens":8000})",
        "{}", "", 16384);
    row("no maxTokens with a format", "test", R"({"contextWindow":100000})", "{}", "openai", -1);
}

void TestModelParams::max_output_tokens_follow_the_reference() {
    QFETCH(QString, model_id);
    QFETCH(QString, model);
    QFETCH(QString, settings);
    QFETCH(QString, format);
    QFETCH(double, expected);

    const std::string format_text = format.toStdString();
    const std::optional<double> result = get_model_max_output_tokens(
        model_id.toStdString(), ::model(model.toStdString()), ::settings(settings.toStdString()),
        format_text.empty() ? std::nullopt : std::optional<std::string_view>(format_text));
    if (expected < 0) {
        QVERIFY(!result);
    } else {
        QVERIFY(result);
        QCOMPARE(*result, expected);
    }
    QCOMPARE(anthropic_default_max_tokens(), 8192.0);
}

void TestModelParams::gpt5_models_bypass_the_twenty_percent_cap() {
    const ModelInfo info =
        model(R"({"contextWindow":200000,"supportsPromptCache":false,"maxTokens":128000})");
    const ProviderSettings openai = settings(R"({"apiProvider":"openai"})");
    for (const char* id :
         {"gpt-5", "gpt-5-turbo", "GPT-5", "openai/gpt-5-preview", "gpt-5-32k", "GPT-5-TURBO"}) {
        QCOMPARE(get_model_max_output_tokens(id, info, openai, "openai"), 128000.0);
    }
}

void TestModelParams::other_models_are_capped_at_twenty_percent_of_the_context() {
    const ModelInfo info =
        model(R"({"contextWindow":200000,"supportsPromptCache":false,"maxTokens":128000})");
    const ProviderSettings openai = settings(R"({"apiProvider":"openai"})");
    for (const char* id :
         {"gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "claude-3-5-sonnet", "gemini-pro"}) {
        QCOMPARE(get_model_max_output_tokens(id, info, openai, "openai"), 40000.0);
    }
}

void TestModelParams::reasoning_budget_is_used_when_required_or_enabled() {
    const ModelInfo required = model(
        R"({"contextWindow":200000,"supportsPromptCache":true,"requiredReasoningBudget":true})");
    QVERIFY(should_use_reasoning_budget(required));
    QVERIFY(should_use_reasoning_budget(required, settings("{}")));
    QVERIFY(should_use_reasoning_budget(required, settings(R"({"enableReasoningEffort":false})")));

    const ModelInfo supported = model(
        R"({"contextWindow":200000,"supportsPromptCache":true,"supportsReasoningBudget":true})");
    QVERIFY(should_use_reasoning_budget(supported, settings(R"({"enableReasoningEffort":true})")));
    QVERIFY(
        !should_use_reasoning_budget(supported, settings(R"({"enableReasoningEffort":false})")));
    QVERIFY(!should_use_reasoning_budget(supported, settings("{}")));
    QVERIFY(!should_use_reasoning_budget(supported));

    const ModelInfo plain = model(R"({"contextWindow":200000,"supportsPromptCache":true})");
    QVERIFY(!should_use_reasoning_budget(plain, settings(R"({"enableReasoningEffort":true})")));
    QVERIFY(!should_use_reasoning_budget(plain));
}

void TestModelParams::reasoning_effort_is_used_when_given_and_not_disabled() {
    const ModelInfo with_effort =
        model(R"({"contextWindow":200000,"supportsPromptCache":true,"reasoningEffort":"medium"})");
    QVERIFY(should_use_reasoning_effort(with_effort));
    QVERIFY(should_use_reasoning_effort(with_effort, settings("{}")));
    QVERIFY(should_use_reasoning_effort(with_effort, settings(R"({"reasoningEffort":null})")));
    QVERIFY(
        !should_use_reasoning_effort(with_effort, settings(R"({"enableReasoningEffort":false})")));

    const ModelInfo supported = model(
        R"({"contextWindow":200000,"supportsPromptCache":true,"supportsReasoningEffort":true})");
    QVERIFY(!should_use_reasoning_effort(
        supported, settings(R"({"enableReasoningEffort":false,"reasoningEffort":"medium"})")));
    for (const char* effort : {"low", "medium", "high"}) {
        const std::string json = std::string(R"({"reasoningEffort":")") + effort + "\"}";
        QVERIFY(should_use_reasoning_effort(supported, settings(json)));
    }
    QVERIFY(!should_use_reasoning_effort(supported, settings(R"({"reasoningEffort":null})")));
    QVERIFY(!should_use_reasoning_effort(supported, settings("{}")));
    QVERIFY(!should_use_reasoning_effort(supported));

    const ModelInfo plain = model(R"({"contextWindow":200000,"supportsPromptCache":true})");
    QVERIFY(!should_use_reasoning_effort(plain, settings(R"({"reasoningEffort":"high"})")));
    QVERIFY(!should_use_reasoning_effort(plain));
}

QTEST_APPLESS_MAIN(TestModelParams)
#include "test_model_params.moc"
