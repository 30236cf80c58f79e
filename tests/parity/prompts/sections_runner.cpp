// Runner for golden/prompts/sections: one section function per case, chosen by the name in
// "function". getModesSection cases belong to the modes runner (a longer prefix).

#include <QFile>
#include <stdexcept>

#include "mcp_servers_json.h"
#include "ordered_json.h"
#include "prompt_case_runner.h"
#include "sections.h"

namespace lapce_ai::parity {
namespace {

using namespace lapce_ai::prompts;
using namespace lapce_ai::json;

std::string read_file(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw std::runtime_error("cannot read " + path.toStdString());
    }
    return file.readAll().toStdString();
}

// args.mcpHub: null (no hub), an inline getServers() array, or {"getServers": "<preset path>"}.
// Read from the case file itself, since QJsonObject would lose the schemas' key order.
std::optional<std::vector<McpServer>> mcp_hub(const GoldenCase& golden_case) {
    const QString case_path = golden_case.root + QLatin1Char('/') + golden_case.category +
                              QLatin1Char('/') + golden_case.id + QStringLiteral(".json");
    auto case_json = parse_ordered_json(read_file(case_path));
    if (!case_json) throw std::runtime_error(case_json.error());
    const OrderedJson* args = case_json->find("args");
    const OrderedJson* hub = args ? args->find("mcpHub") : nullptr;
    if (!hub || hub->is_null()) return std::nullopt;

    std::string servers_json;
    if (hub->is_array()) {
        servers_json = json_stringify(*hub);
    } else if (const OrderedJson* preset = hub->find("getServers"); preset && preset->is_string()) {
        servers_json = read_file(golden_case.root + QLatin1Char('/') +
                                 QString::fromStdString(preset->as_string()));
    } else {
        throw std::runtime_error("args.mcpHub: unknown form");
    }
    auto servers = mcp_servers_from_json(servers_json);
    if (!servers) throw std::runtime_error(servers.error());
    return std::move(*servers);
}

std::optional<CodeIndexState> code_index(const QJsonValue& value) {
    if (!value.isObject()) return std::nullopt;
    const QJsonObject object = value.toObject();
    CodeIndexState state;
    state.feature_enabled = object.value(QStringLiteral("isFeatureEnabled")).toBool();
    state.feature_configured = object.value(QStringLiteral("isFeatureConfigured")).toBool();
    state.initialized = object.value(QStringLiteral("isInitialized")).toBool();
    return state;
}

std::optional<DiffStrategy> diff_strategy(const QJsonValue& value) {
    if (value.isNull() || value.isUndefined()) return std::nullopt;
    const QString name = value.toString();
    if (name == QStringLiteral("MultiSearchReplaceDiffStrategy"))
        return DiffStrategy{DiffStrategyKind::MultiSearchReplace};
    if (name == QStringLiteral("MultiFileSearchReplaceDiffStrategy"))
        return DiffStrategy{DiffStrategyKind::MultiFileSearchReplace};
    throw std::runtime_error("unknown diffStrategy " + name.toStdString());
}

template <typename T>
const T* pointer(const std::optional<T>& value) {
    return value ? &*value : nullptr;
}

std::string run(const GoldenCase& golden_case, const VirtualFilesystem& /*filesystem*/,
                const PromptEnvironment& environment) {
    const QString function = golden_case.json.value(QStringLiteral("function")).toString();
    const QJsonObject args = golden_case.args();
    const std::string cwd = args.value(QStringLiteral("cwd")).toString().toStdString();
    const bool computer_use = args.value(QStringLiteral("supportsComputerUse")).toBool();
    const auto index = code_index(args.value(QStringLiteral("codeIndexManager")));
    const auto diff = diff_strategy(args.value(QStringLiteral("diffStrategy")));
    const auto starts = [&](const char* name) { return function.startsWith(QLatin1String(name)); };

    if (starts("markdownFormattingSection")) return markdown_formatting_section();
    if (starts("getSharedToolUseSection")) return get_shared_tool_use_section();
    if (starts("getToolUseGuidelinesSection"))
        return get_tool_use_guidelines_section(pointer(index));
    if (starts("getMcpServersSection")) {
        const auto hub = mcp_hub(golden_case);
        return get_mcp_servers_section(
            pointer(hub), pointer(diff),
            optional_bool(args.value(QStringLiteral("enableMcpServerCreation"))));
    }
    if (starts("getCapabilitiesSection")) {
        const auto hub = mcp_hub(golden_case);
        return get_capabilities_section(cwd, computer_use, pointer(hub), pointer(diff),
                                        pointer(index));
    }
    if (starts("getRulesSection"))
        return get_rules_section(cwd, computer_use, pointer(diff), pointer(index));
    if (starts("getSystemInfoSection")) return get_system_info_section(cwd, environment);
    if (starts("getObjectiveSection")) return get_objective_section(pointer(index), nullptr);
    throw std::runtime_error("no section function for " + function.toStdString());
}

const bool registered = register_prompt_case_runner("sections", "", &run);

}  // namespace
}  // namespace lapce_ai::parity
