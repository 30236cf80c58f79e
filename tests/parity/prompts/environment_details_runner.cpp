// Runner for golden/prompts/environment-details: getEnvironmentDetails with the editor, task and
// state the case describes, sent through the wire format (GetEnvironmentDetailsRequest) as the
// service receives it. The mode section reads the rule files under the cwd and the home, and the
// function relates paths lexically (relative paths, the Desktop check), also to paths outside
// the fixtures; so every virtual path P becomes <root>P in a temporary root where each mapped
// folder is a symlink to its fixture copy, and <root> is removed from the text.

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <stdexcept>

#include "environment/environment_details.h"
#include "environment/environment_details_proto.h"
#include "instructions/language.h"
#include "prompt_case_runner.h"
#include "prompt_json.h"

namespace lapce_ai::parity {
namespace {

using namespace prompts;

// The case's virtual file system under a temporary root: <root>/test/path links to the copy of
// the /test/path fixture, and a path outside the fixtures keeps its place relative to them.
class RootedView {
  public:
    RootedView(const GoldenCase& golden_case, const VirtualFilesystem& filesystem) {
        if (!root_dir_.isValid()) throw std::runtime_error("cannot create a temporary root");
        root_ = QFileInfo(root_dir_.path()).canonicalFilePath();
        const QJsonObject mapped =
            golden_case.environment().value(QStringLiteral("filesystem")).toObject();
        // Sorted keys: a nested folder ("/home/user/Desktop") is linked inside the copy of its
        // outer one, which is a private copy of this case.
        for (const QString& virtual_path : mapped.keys()) {
            if (!virtual_path.startsWith(QLatin1Char('/'))) continue;
            const QString link = root_ + virtual_path;
            QDir().mkpath(QFileInfo(link).path());
            if (!QFile::link(filesystem.real_path(virtual_path), link))
                throw std::runtime_error("cannot link " + link.toStdString());
        }
    }

    std::string path(const std::string& virtual_path) const {
        return virtual_path.starts_with('/') ? root_.toStdString() + virtual_path : virtual_path;
    }
    std::vector<std::string> paths(const QJsonValue& value) const {
        std::vector<std::string> result;
        for (const std::string& virtual_path : strings_of(value))
            result.push_back(path(virtual_path));
        return result;
    }
    std::string to_virtual(std::string text) const {
        const std::string root = root_.toStdString();
        for (std::size_t at = text.find(root); at != std::string::npos; at = text.find(root, at))
            text.erase(at, root.size());
        return text;
    }

  private:
    QTemporaryDir root_dir_;
    QString root_;
};

// A number of the state, or the reference's default when it is undefined (or null).
int int_or(const QJsonValue& value, int fallback) {
    return value.isDouble() ? value.toInt() : fallback;
}

// "now" is an ISO time; "TZ" reads like "UTC (Intl timezone 'UTC', offset +0:00)".
EnvironmentClock pinned_clock(const QJsonObject& environment) {
    const QDateTime now = QDateTime::fromString(environment.value(QStringLiteral("now")).toString(),
                                                Qt::ISODateWithMs);
    static const QRegularExpression zone_pattern(QStringLiteral(R"(Intl timezone '([^']+)')"));
    const auto match = zone_pattern.match(environment.value(QStringLiteral("TZ")).toString());
    if (!now.isValid() || !match.hasMatch()) throw std::runtime_error("unsupported clock");
    auto clock = environment_clock_at(now.toMSecsSinceEpoch(), match.captured(1).toStdString());
    if (!clock) throw std::runtime_error("unknown time zone");
    return *clock;
}

std::string run(const GoldenCase& golden_case, const VirtualFilesystem& filesystem,
                const PromptEnvironment& pinned) {
    const QJsonObject args = golden_case.args();
    auto arg = [&](const char* name) { return args.value(QString::fromLatin1(name)); };
    const QJsonObject state = arg("provider.getState()").toObject();
    auto field = [&](const char* name) { return state.value(QString::fromLatin1(name)); };

    EnvironmentDetailsInput input;
    const RootedView rooted(golden_case, filesystem);
    input.cwd = rooted.path(text_of(arg("task.cwd")));
    input.visible_file_paths =
        rooted.paths(arg("vscode.window.visibleTextEditors[].document.uri.fsPath"));
    input.open_tab_paths =
        rooted.paths(arg("vscode.window.tabGroups.all[0].tabs[].input(TabInputText).uri.fsPath"));
    input.recently_modified_files =
        strings_of(arg("fileContextTracker.getAndClearRecentlyModifiedFiles()"));
    for (const QJsonValue& value : arg("TerminalRegistry busy").toArray()) {
        const QJsonObject terminal = value.toObject();
        input.busy_terminals.push_back(
            {terminal.value(QStringLiteral("id")).toInteger(),
             text_of(terminal.value(QStringLiteral("cwd"))),
             text_of(terminal.value(QStringLiteral("lastCommand"))),
             text_of(terminal.value(QStringLiteral("unretrievedOutput")))});
    }
    for (const QJsonValue& value : arg("TerminalRegistry inactive").toArray()) {
        const QJsonObject terminal = value.toObject();
        InactiveTerminal inactive{terminal.value(QStringLiteral("id")).toInteger(),
                                  text_of(terminal.value(QStringLiteral("cwd"))),
                                  {}};
        for (const QJsonValue& process : terminal.value(QStringLiteral("processes")).toArray()) {
            inactive.processes_with_output.push_back(
                {text_of(process.toObject().value(QStringLiteral("command"))),
                 text_of(process.toObject().value(QStringLiteral("output")))});
        }
        input.inactive_terminals.push_back(std::move(inactive));
    }
    const QJsonArray listed = arg("listFiles() result").toArray();
    input.list_files = [files = rooted.paths(listed.at(0)), hit = listed.at(1).toBool()](
                           std::string_view, bool, int) { return std::make_pair(files, hit); };
    if (!arg("rooIgnoreController").isNull())
        throw std::runtime_error("cases with a rooIgnoreController are not supported");
    for (const QJsonValue& value : arg("task.clineMessages").toArray()) {
        const QJsonObject message = value.toObject();
        input.cline_messages.push_back({text_of(message.value(QStringLiteral("type"))),
                                        optional_string(message.value(QStringLiteral("say"))),
                                        optional_string(message.value(QStringLiteral("text"))),
                                        std::nullopt});
    }
    input.model_id = text_of(arg("task.api.getModel().id"));
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
    input.language =
        optional_string(field("language")).value_or(format_language(pinned.editor_language));
    input.terminal_output_line_limit = int_or(field("terminalOutputLineLimit"), 500);
    input.terminal_output_character_limit = int_or(field("terminalOutputCharacterLimit"), 50'000);
    input.max_workspace_files = int_or(field("maxWorkspaceFiles"), 200);
    input.max_open_tabs_context = int_or(field("maxOpenTabsContext"), 20);
    input.show_roo_ignored_files = field("showRooIgnoredFiles").toBool();
    input.todo_list_enabled = optional_bool(
        field("apiConfiguration").toObject().value(QStringLiteral("todoListEnabled")));

    const bool include_file_details = arg("includeFileDetails").toBool();
    PromptEnvironment rooted_environment = pinned;
    rooted_environment.home_dir =
        rooted.path(text_of(environment.value(QStringLiteral("os.homedir()"))));
    auto request = environment_details_request_from_proto(
        to_proto(input, include_file_details, pinned.profile.id), rooted_environment);
    if (!request) throw std::runtime_error(request.error());
    auto details =
        get_environment_details(request->input, request->include_file_details, rooted_environment);
    if (!details) throw std::runtime_error(details.error().path + ": " + details.error().message);
    return rooted.to_virtual(std::move(*details));
}

const bool registered = register_prompt_case_runner("environment-details", "", &run);

}  // namespace
}  // namespace lapce_ai::parity
