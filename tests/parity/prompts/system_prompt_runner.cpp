// Runner for golden/prompts/system-prompt and system-prompt-matrix: SYSTEM_PROMPT with the
// case's arguments, read as a settings file and sent through the wire format as the CLI and
// the service do.

#include <QFile>
#include <QJsonDocument>
#include <stdexcept>

#include "mcp_servers_json.h"
#include "prompt_case_runner.h"
#include "system/system_prompt_json.h"
#include "system/system_prompt_proto.h"

namespace lapce_ai::parity {
namespace {

using namespace lapce_ai::prompts;

// The case's arguments in the settings-file form: SYSTEM_PROMPT's parameter names, with what the
// reference reads from its context (code index, global state) as keys of their own.
QByteArray settings_json(const GoldenCase& golden_case, const VirtualFilesystem& filesystem) {
    QJsonObject settings = golden_case.args();
    for (const char* unused : {"context", "mcpHub", "todoList"})
        settings.remove(QLatin1String(unused));
    settings.insert(QStringLiteral("cwd"),
                    filesystem.real_path(settings.value(QStringLiteral("cwd")).toString()));
    const QJsonObject environment = golden_case.environment();
    settings.insert(QStringLiteral("codeIndex"),
                    environment.value(QStringLiteral("codeIndexManager")));
    settings.insert(QStringLiteral("globalState"),
                    environment.value(QStringLiteral("context.globalState")));
    return QJsonDocument(settings).toJson();
}

// mcpHub: {"getServers": "presets/<file>.json"}, or null for no hub.
std::optional<std::vector<McpServer>> mcp_hub(const GoldenCase& golden_case) {
    const QJsonValue hub = golden_case.args().value(QStringLiteral("mcpHub"));
    if (!hub.isObject()) return std::nullopt;
    QFile preset(golden_case.root + QLatin1Char('/') +
                 hub.toObject().value(QStringLiteral("getServers")).toString());
    if (!preset.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot read MCP preset " + preset.fileName().toStdString());
    const QByteArray text = preset.readAll();
    auto servers =
        mcp_servers_from_json(std::string_view(text.constData(), std::size_t(text.size())));
    if (!servers) throw std::runtime_error(servers.error());
    return std::move(*servers);
}

std::string run(const GoldenCase& golden_case, const VirtualFilesystem& filesystem,
                const PromptEnvironment& environment) {
    const QByteArray json = settings_json(golden_case, filesystem);
    auto settings = system_prompt_settings_from_json(
        std::string_view(json.constData(), std::size_t(json.size())), SystemPromptInput{});
    if (!settings) throw std::runtime_error(settings.error());
    settings->input.mcp_hub = mcp_hub(golden_case);
    const SystemPromptInput input = system_prompt_input_from_proto(to_proto(settings->input));
    auto text = system_prompt(input, environment);
    if (!text) throw std::runtime_error(text.error().path + ": " + text.error().message);
    return std::move(*text);
}

const bool registered_special = register_prompt_case_runner("system-prompt", "", &run);
const bool registered_matrix = register_prompt_case_runner("system-prompt-matrix", "", &run);

}  // namespace
}  // namespace lapce_ai::parity
