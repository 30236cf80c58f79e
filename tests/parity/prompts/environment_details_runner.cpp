// Runner for golden/prompts/environment-details: getEnvironmentDetails with the editor, task and
// state the case describes (paths stay virtual: nothing here reads the file system).

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>
#include <stdexcept>

#include "environment/environment_details.h"
#include "instructions/custom_instructions.h"
#include "modes/modes.h"
#include "prompt_case_runner.h"
#include "prompt_json.h"

namespace lapce_ai::parity {
namespace {

using namespace prompts;

std::string text(const QJsonValue& value) {
    return value.toString().toStdString();
}

std::vector<std::string> strings(const QJsonValue& value) {
    std::vector<std::string> result;
    for (const QJsonValue& item : value.toArray()) result.push_back(text(item));
    return result;
}

// "now" is an ISO time; "TZ" reads like "UTC (Intl timezone 'UTC', offset +0:00)".
EnvironmentClock pinned_clock(const QJsonObject& environment) {
    const QDateTime now = QDateTime::fromString(environment.value(QStringLiteral("now")).toString(),
                                                Qt::ISODateWithMs);
    static const QRegularExpression zone_pattern(QStringLiteral(R"(Intl timezone '([^']+)')"));
    const auto match = zone_pattern.match(environment.value(QStringLiteral("TZ")).toString());
    if (!now.isValid() || !match.hasMatch()) throw std::runtime_error("unsupported clock");
    const QTimeZone zone(match.captured(1).toUtf8());
    if (!zone.isValid()) throw std::runtime_error("unknown time zone");
    return {now.toMSecsSinceEpoch(), match.captured(1).toStdString(), zone.offsetFromUtc(now)};
}

std::string run(const GoldenCase& golden_case, const VirtualFilesystem& filesystem,
                const PromptEnvironment& pinned) {
    const QJsonObject args = golden_case.args();
    auto arg = [&](const char* name) { return args.value(QString::fromLatin1(name)); };
    const QJsonObject state = arg("provider.getState()").toObject();
    auto field = [&](const char* name) { return state.value(QString::fromLatin1(name)); };

    EnvironmentDetailsInput input;
    input.cwd = text(arg("task.cwd"));
    input.visible_file_paths =
        strings(arg("vscode.window.visibleTextEditors[].document.uri.fsPath"));
    input.open_tab_paths =
        strings(arg("vscode.window.tabGroups.all[0].tabs[].input(TabInputText).uri.fsPath"));
    input.recently_modified_files =
        strings(arg("fileContextTracker.getAndClearRecentlyModifiedFiles()"));
    for (const QJsonValue& value : arg("TerminalRegistry busy").toArray()) {
        const QJsonObject terminal = value.toObject();
        input.busy_terminals.push_back({terminal.value(QStringLiteral("id")).toInteger(),
                                        text(terminal.value(QStringLiteral("cwd"))),
                                        text(terminal.value(QStringLiteral("lastCommand"))),
                                        text(terminal.value(QStringLiteral("unretrievedOutput")))});
    }
    for (const QJsonValue& value : arg("TerminalRegistry inactive").toArray()) {
        const QJsonObject terminal = value.toObject();
        InactiveTerminal inactive{terminal.value(QStringLiteral("id")).toInteger(),
                                  text(terminal.value(QStringLiteral("cwd"))),
                                  {}};
        for (const QJsonValue& process : terminal.value(QStringLiteral("processes")).toArray()) {
            inactive.processes_with_output.push_back(
                {text(process.toObject().value(QStringLiteral("command"))),
                 text(process.toObject().value(QStringLiteral("output")))});
        }
        input.inactive_terminals.push_back(std::move(inactive));
    }
    const QJsonArray listed = arg("listFiles() result").toArray();
    input.list_files = [files = strings(listed.at(0)), hit = listed.at(1).toBool()](
                           std::string_view, bool, int) { return std::make_pair(files, hit); };
    if (!arg("rooIgnoreController").isNull())
        throw std::runtime_error("cases with a rooIgnoreController are not supported");
    for (const QJsonValue& value : arg("task.clineMessages").toArray()) {
        const QJsonObject message = value.toObject();
        input.cline_messages.push_back({text(message.value(QStringLiteral("type"))),
                                        optional_string(message.value(QStringLiteral("say"))),
                                        optional_string(message.value(QStringLiteral("text"))),
                                        std::nullopt});
    }
    input.model_id = text(arg("task.api.getModel().id"));
    if (arg("task.todoList").isArray()) throw std::runtime_error("todo lists are not supported");

    const QJsonObject environment = golden_case.environment();
    input.clock = pinned_clock(environment);

    input.mode = optional_string(field("mode"));
    auto custom_modes = mode_configs_from_json(field("customModes").toArray());
    if (!custom_modes) throw std::runtime_error(custom_modes.error());
    input.custom_modes = *custom_modes;
    auto prompts = custom_mode_prompts_from_json(field("customModePrompts").toObject());
    if (!prompts) throw std::runtime_error(prompts.error());
    input.custom_mode_prompts = *prompts;
    auto experiments = experiments_from_json(field("experiments").toObject());
    if (!experiments) throw std::runtime_error(experiments.error());
    input.experiments = *experiments;
    input.global_custom_instructions = optional_string(field("customInstructions"));
    input.language = text(field("language"));
    input.terminal_output_line_limit = field("terminalOutputLineLimit").toInt();
    input.terminal_output_character_limit = field("terminalOutputCharacterLimit").toInt();
    input.max_workspace_files = field("maxWorkspaceFiles").toInt();
    input.max_open_tabs_context = field("maxOpenTabsContext").toInt();
    input.show_roo_ignored_files = field("showRooIgnoredFiles").toBool();
    input.todo_list_enabled = optional_bool(
        field("apiConfiguration").toObject().value(QStringLiteral("todoListEnabled")));
    input.builtin_modes = default_modes(pinned.profile);
    // addCustomInstructions reads the case's workspace and home fixtures.
    input.add_custom_instructions =
        [&filesystem, &pinned](std::string_view mode_custom_instructions,
                               std::string_view global_custom_instructions, std::string_view cwd,
                               std::string_view mode, std::string_view language) {
            CustomInstructionsOptions options;
            options.language = std::string(language);
            auto instructions = add_custom_instructions(
                mode_custom_instructions, global_custom_instructions,
                filesystem.real_path(std::string(cwd)), mode, options, pinned);
            if (!instructions)
                throw std::runtime_error(instructions.error().path + ": " +
                                         instructions.error().message);
            return std::move(*instructions);
        };

    // The function compares the cwd with ~/Desktop, so both stay virtual.
    PromptEnvironment virtual_environment = pinned;
    virtual_environment.home_dir = text(environment.value(QStringLiteral("os.homedir()")));
    return get_environment_details(input, arg("includeFileDetails").toBool(), virtual_environment);
}

const bool registered = register_prompt_case_runner("environment-details", "", &run);

}  // namespace
}  // namespace lapce_ai::parity
