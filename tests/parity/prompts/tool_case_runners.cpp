// Runners for the golden "tool-descriptions/" and "tools/" cases (src/core/prompts/tools/) and
// the getModesSection cases of "sections/".

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <stdexcept>

#include "modes/modes_section.h"
#include "prompt_case_runner.h"
#include "prompt_json.h"
#include "tools/tool_descriptions.h"
#include "tools/tool_descriptions_for_mode.h"

namespace lapce_ai::parity {
namespace {

using namespace lapce_ai::prompts;

template <typename T>
T value_or_throw(Expected<T, std::string> result) {
    if (!result) throw std::runtime_error(result.error());
    return std::move(*result);
}

std::optional<DiffStrategy> diff_strategy_arg(const QJsonValue& value) {
    if (!value.isObject()) return std::nullopt;
    const QJsonObject object = value.toObject();
    DiffStrategy strategy;
    const QString kind = object.value(QStringLiteral("class")).toString();
    if (kind == QStringLiteral("MultiFileSearchReplaceDiffStrategy")) {
        strategy.kind = DiffStrategyKind::MultiFileSearchReplace;
    } else if (kind != QStringLiteral("MultiSearchReplaceDiffStrategy")) {
        throw std::runtime_error("unknown diff strategy " + kind.toStdString());
    }
    strategy.fuzzy_threshold = object.value(QStringLiteral("fuzzyThreshold")).toDouble(1.0);
    return strategy;
}

// The hub's servers: the tools only need whether there is a hub, so names and status suffice.
std::optional<std::vector<McpServer>> mcp_hub_arg(const GoldenCase& golden_case,
                                                  const QJsonValue& value) {
    if (!value.isObject()) return std::nullopt;
    const QString path = value.toObject().value(QStringLiteral("getServers")).toString();
    QFile file(golden_case.root + QLatin1Char('/') + path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw std::runtime_error("cannot read MCP preset " + path.toStdString());
    }
    std::vector<McpServer> servers;
    for (const QJsonValue& entry : QJsonDocument::fromJson(file.readAll()).array()) {
        McpServer server;
        server.name = entry.toObject().value(QStringLiteral("name")).toString().toStdString();
        server.status = entry.toObject().value(QStringLiteral("status")).toString().toStdString();
        servers.push_back(std::move(server));
    }
    return servers;
}

std::optional<CodeIndexState> code_index_arg(const QJsonValue& value) {
    if (!value.isObject()) return std::nullopt;
    const QJsonObject object = value.toObject();
    return CodeIndexState{object.value(QStringLiteral("isFeatureEnabled")).toBool(),
                          object.value(QStringLiteral("isFeatureConfigured")).toBool(),
                          object.value(QStringLiteral("isInitialized")).toBool()};
}

std::optional<SystemPromptSettings> settings_arg(const QJsonValue& value) {
    if (!value.isObject()) return std::nullopt;
    return value_or_throw(settings_from_json(value.toObject()));
}

template <typename T>
const T* pointer(const std::optional<T>& value) {
    return value ? &*value : nullptr;
}

// tools/: getToolDescriptionsForMode with its positional arguments.
std::string run_tools(const GoldenCase& golden_case, const VirtualFilesystem&,
                      const PromptEnvironment& environment) {
    const QJsonObject args = golden_case.args();
    const auto arg = [&](const char* name) { return args.value(QLatin1String(name)); };
    const auto code_index = code_index_arg(arg("codeIndexManager"));
    const auto diff_strategy = diff_strategy_arg(arg("diffStrategy"));
    const auto mcp_hub = mcp_hub_arg(golden_case, arg("mcpHub"));
    std::optional<std::vector<ModeConfig>> custom_modes;
    if (arg("customModes").isArray()) {
        custom_modes = value_or_throw(mode_configs_from_json(arg("customModes").toArray()));
    }
    std::optional<Experiments> experiments;
    if (arg("experiments").isObject()) {
        experiments = value_or_throw(experiments_from_json(arg("experiments").toObject()));
    }
    const auto settings = settings_arg(arg("settings"));
    return get_tool_descriptions_for_mode(
        arg("mode").toString().toStdString(), arg("cwd").toString().toStdString(),
        arg("supportsComputerUse").toBool(), pointer(code_index), pointer(diff_strategy),
        optional_string(arg("browserViewportSize")), pointer(mcp_hub), pointer(custom_modes),
        pointer(experiments), optional_bool(arg("partialReadsEnabled")), pointer(settings),
        optional_bool(arg("enableMcpServerCreation")), optional_string(arg("modelId")),
        environment);
}

// tool-descriptions/: one get*Description, named by the first word of "function".
std::string run_tool_description(const GoldenCase& golden_case, const VirtualFilesystem&,
                                 const PromptEnvironment&) {
    const QJsonObject json_args = golden_case.args();
    const auto arg = [&](const char* name) { return json_args.value(QLatin1String(name)); };
    const std::string function = golden_case.json.value(QStringLiteral("function"))
                                     .toString()
                                     .section(QLatin1Char(' '), 0, 0)
                                     .section(QLatin1Char('('), 0, 0)
                                     .toStdString();
    const auto mcp_hub = mcp_hub_arg(golden_case, arg("mcpHub"));
    const auto diff_strategy = diff_strategy_arg(arg("diffStrategy"));

    ToolArgs args;
    args.cwd = arg("cwd").toString().toStdString();
    args.supports_computer_use = arg("supportsComputerUse").toBool();
    args.browser_viewport_size = optional_string(arg("browserViewportSize"));
    args.mcp_hub = pointer(mcp_hub);
    args.diff_strategy = pointer(diff_strategy);
    args.partial_reads_enabled = optional_bool(arg("partialReadsEnabled"));
    if (const auto settings = settings_arg(arg("settings"))) args.settings.prompt = *settings;

    const auto text = [](std::optional<std::string> description) {
        return description.value_or("undefined");
    };
    if (function == "getAccessMcpResourceDescription") {
        return text(get_access_mcp_resource_description(args));
    }
    if (function == "getAskFollowupQuestionDescription") {
        return get_ask_followup_question_description();
    }
    if (function == "getAttemptCompletionDescription") {
        return get_attempt_completion_description(&args);
    }
    if (function == "getBrowserActionDescription") {
        return text(get_browser_action_description(args));
    }
    if (function == "getCodebaseSearchDescription") return get_codebase_search_description(args);
    if (function == "getExecuteCommandDescription") return get_execute_command_description(args);
    if (function == "getFetchInstructionsDescription") {
        return get_fetch_instructions_description(optional_bool(arg("enableMcpServerCreation")));
    }
    if (function == "getGenerateImageDescription") return get_generate_image_description(args);
    if (function == "getInsertContentDescription") return get_insert_content_description(args);
    if (function == "getListCodeDefinitionNamesDescription") {
        return get_list_code_definition_names_description(args);
    }
    if (function == "getListFilesDescription") return get_list_files_description(args);
    if (function == "getNewTaskDescription") return get_new_task_description(args);
    if (function == "getReadFileDescription") return get_read_file_description(args);
    if (function == "getRunSlashCommandDescription") return get_run_slash_command_description();
    if (function == "getSearchAndReplaceDescription") {
        return get_search_and_replace_description(args);
    }
    if (function == "getSearchFilesDescription") return get_search_files_description(args);
    if (function == "getSimpleReadFileDescription") {
        return get_simple_read_file_description(args);
    }
    if (function == "getSwitchModeDescription") return get_switch_mode_description();
    if (function == "getUpdateTodoListDescription") {
        return get_update_todo_list_description(&args);
    }
    if (function == "getUseMcpToolDescription") return text(get_use_mcp_tool_description(args));
    if (function == "getWriteToFileDescription") return get_write_to_file_description(args);
    if (function == "getToolDescription" && diff_strategy) {
        return get_tool_description(*diff_strategy, args.cwd);
    }
    throw std::runtime_error("no tool description function " + function);
}

// sections/getModesSection: the extension state is the case's globalState.
std::string run_modes_section(const GoldenCase& golden_case, const VirtualFilesystem&,
                              const PromptEnvironment& environment) {
    const QJsonObject global_state =
        golden_case.args().value(QStringLiteral("globalState")).toObject();
    ExtensionState state;
    const QJsonValue modes = global_state.value(QStringLiteral("customModes"));
    if (modes.isArray())
        state.custom_modes = value_or_throw(mode_configs_from_json(modes.toArray()));
    const QJsonValue prompts = global_state.value(QStringLiteral("customModePrompts"));
    if (prompts.isObject()) {
        state.custom_mode_prompts =
            value_or_throw(custom_mode_prompts_from_json(prompts.toObject()));
    }
    return get_modes_section(state, environment);
}

const bool registered =
    register_prompt_case_runner("tools", "", &run_tools) &&
    register_prompt_case_runner("tool-descriptions", "", &run_tool_description) &&
    register_prompt_case_runner("sections", "getModesSection", &run_modes_section);

}  // namespace
}  // namespace lapce_ai::parity
