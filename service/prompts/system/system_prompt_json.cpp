#include "system_prompt_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "mcp_servers_json.h"
#include "ordered_json.h"
#include "prompt_json.h"

namespace lapce_ai::prompts {
using namespace lapce_ai::json;
namespace {

QString key(const char* name) {
    return QString::fromLatin1(name);
}

bool given(const QJsonObject& object, const char* name) {
    const QJsonValue value = object.value(key(name));
    return !value.isUndefined() && !value.isNull();
}

// An absent key keeps the default; null makes the value undefined.
template <typename T>
bool reset_if_null(const QJsonObject& object, const char* name, std::optional<T>& out) {
    if (!object.value(key(name)).isNull()) return false;
    out.reset();
    return true;
}

Expected<bool, std::string> read(const QJsonObject& object, const char* name,
                                 std::optional<std::string>& out) {
    if (reset_if_null(object, name, out) || !given(object, name)) return false;
    if (!object.value(key(name)).isString())
        return unexpected(std::string("'") + name + "' must be a string");
    out = object.value(key(name)).toString().toStdString();
    return true;
}

Expected<bool, std::string> read(const QJsonObject& object, const char* name,
                                 std::optional<bool>& out) {
    if (reset_if_null(object, name, out) || !given(object, name)) return false;
    if (!object.value(key(name)).isBool())
        return unexpected(std::string("'") + name + "' must be true or false");
    out = object.value(key(name)).toBool();
    return true;
}

Expected<DiffStrategy, std::string> diff_strategy_from_json(const QJsonValue& value) {
    const QJsonObject object = value.toObject();
    const QString name = object.value(key("class")).toString();
    DiffStrategy strategy;
    if (name == QLatin1String("MultiSearchReplaceDiffStrategy")) {
        strategy.kind = DiffStrategyKind::MultiSearchReplace;
    } else if (name == QLatin1String("MultiFileSearchReplaceDiffStrategy")) {
        strategy.kind = DiffStrategyKind::MultiFileSearchReplace;
    } else {
        return unexpected(
            std::string("'diffStrategy.class' must be MultiSearchReplaceDiffStrategy or "
                        "MultiFileSearchReplaceDiffStrategy"));
    }
    strategy.fuzzy_threshold = object.value(key("fuzzyThreshold")).toDouble(1.0);
    return strategy;
}

CodeIndexState code_index_from_json(const QJsonObject& object) {
    return {object.value(key("isFeatureEnabled")).toBool(),
            object.value(key("isFeatureConfigured")).toBool(),
            object.value(key("isInitialized")).toBool()};
}

Expected<void, std::string> read_global_state(const QJsonObject& state, ExtensionState& out) {
    if (given(state, "customModes")) {
        auto modes = mode_configs_from_json(state.value(key("customModes")).toArray());
        if (!modes) return unexpected("globalState.customModes: " + modes.error());
        out.custom_modes = std::move(*modes);
    }
    if (given(state, "customModePrompts")) {
        auto prompts =
            custom_mode_prompts_from_json(state.value(key("customModePrompts")).toObject());
        if (!prompts) return unexpected("globalState.customModePrompts: " + prompts.error());
        out.custom_mode_prompts = std::move(*prompts);
    }
    return {};
}

// The MCP servers under `member` of the settings object. Read with the order-preserving parser:
// the prompt prints each tool's schema in its original key order.
Expected<std::vector<McpServer>, std::string> mcp_servers_member(std::string_view json_text,
                                                                 std::string_view member) {
    auto document = parse_ordered_json(json_text);
    if (!document) return unexpected(document.error());
    const OrderedJson* servers = document->find(member);
    if (!servers) return std::vector<McpServer>{};
    return mcp_servers_from_json(json_stringify(*servers));
}

}  // namespace

SystemPromptInput editor_default_input() {
    SystemPromptInput input;
    input.diff_enabled = true;
    input.diff_strategy = DiffStrategy{DiffStrategyKind::MultiSearchReplace, 1.0};
    input.browser_viewport_size = "900x600";
    input.enable_mcp_server_creation = true;
    input.partial_reads_enabled = false;
    input.experiments = Experiments{};
    input.settings = SystemPromptSettings{};
    input.custom_mode_prompts = CustomModePrompts{};
    input.custom_modes = std::vector<ModeConfig>{};
    return input;
}

Expected<SystemPromptRequestSettings, std::string> system_prompt_settings_from_json(
    std::string_view json_text, const SystemPromptInput& defaults) {
    QJsonParseError parse_error{};
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray(json_text.data(), qsizetype(json_text.size())), &parse_error);
    if (!document.isObject()) {
        return unexpected("settings must be a JSON object: " +
                          parse_error.errorString().toStdString());
    }
    const QJsonObject object = document.object();
    SystemPromptRequestSettings result{defaults, {}};
    SystemPromptInput& input = result.input;

    for (auto [name, target] :
         {std::pair{"browserViewportSize", &input.browser_viewport_size},
          std::pair{"mode", &input.mode},
          std::pair{"globalCustomInstructions", &input.global_custom_instructions},
          std::pair{"language", &input.language},
          std::pair{"rooIgnoreInstructions", &input.roo_ignore_instructions},
          std::pair{"modelId", &input.model_id}}) {
        if (auto ok = read(object, name, *target); !ok) return unexpected(ok.error());
    }
    for (auto [name, target] :
         {std::pair{"diffEnabled", &input.diff_enabled},
          std::pair{"enableMcpServerCreation", &input.enable_mcp_server_creation},
          std::pair{"partialReadsEnabled", &input.partial_reads_enabled}}) {
        if (auto ok = read(object, name, *target); !ok) return unexpected(ok.error());
    }
    std::optional<std::string> cwd;
    if (auto ok = read(object, "cwd", cwd); !ok) return unexpected(ok.error());
    input.cwd = cwd.value_or(std::string());
    std::optional<bool> computer_use;
    if (auto ok = read(object, "supportsComputerUse", computer_use); !ok)
        return unexpected(ok.error());
    input.supports_computer_use = computer_use.value_or(false);
    std::optional<std::string> profile;
    if (auto ok = read(object, "profile", profile); !ok) return unexpected(ok.error());
    result.profile = profile.value_or(std::string());

    reset_if_null(object, "diffStrategy", input.diff_strategy);
    if (given(object, "diffStrategy")) {
        auto strategy = diff_strategy_from_json(object.value(key("diffStrategy")));
        if (!strategy) return unexpected(strategy.error());
        input.diff_strategy = *strategy;
    }
    reset_if_null(object, "customModePrompts", input.custom_mode_prompts);
    if (given(object, "customModePrompts")) {
        auto prompts =
            custom_mode_prompts_from_json(object.value(key("customModePrompts")).toObject());
        if (!prompts) return unexpected("customModePrompts: " + prompts.error());
        input.custom_mode_prompts = std::move(*prompts);
    }
    reset_if_null(object, "customModes", input.custom_modes);
    if (given(object, "customModes")) {
        auto modes = mode_configs_from_json(object.value(key("customModes")).toArray());
        if (!modes) return unexpected("customModes: " + modes.error());
        input.custom_modes = std::move(*modes);
    }
    reset_if_null(object, "experiments", input.experiments);
    if (given(object, "experiments")) {
        auto experiments = experiments_from_json(object.value(key("experiments")).toObject());
        if (!experiments) return unexpected(experiments.error());
        input.experiments = std::move(*experiments);
    }
    reset_if_null(object, "settings", input.settings);
    if (given(object, "settings")) {
        auto settings = settings_from_json(object.value(key("settings")).toObject());
        if (!settings) return unexpected("settings: " + settings.error());
        input.settings = *settings;
    }
    if (given(object, "codeIndex"))
        input.code_index = code_index_from_json(object.value(key("codeIndex")).toObject());
    if (given(object, "globalState")) {
        if (auto ok = read_global_state(object.value(key("globalState")).toObject(), input.context);
            !ok) {
            return unexpected(ok.error());
        }
    }
    reset_if_null(object, "mcpServers", input.mcp_hub);
    if (given(object, "mcpServers")) {
        // The schemas' key order matters and QJsonObject sorts keys: read the raw text.
        auto servers = mcp_servers_member(json_text, "mcpServers");
        if (!servers) return unexpected("mcpServers: " + servers.error());
        input.mcp_hub = std::move(*servers);
    }
    return result;
}

}  // namespace lapce_ai::prompts
