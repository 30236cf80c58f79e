#include "prompt_case_runner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <vector>

namespace lapce_ai::parity {
namespace {

struct Registration {
    QString category;
    QString function_prefix;
    PromptCaseRunner runner;
};

std::vector<Registration>& runners() {
    static std::vector<Registration> table;
    return table;
}

std::string pinned(const QJsonObject& environment, const QJsonObject& preset, const char* key) {
    const QString name = QString::fromLatin1(key);
    const QJsonValue value =
        environment.contains(name) ? environment.value(name) : preset.value(name);
    return value.toString().toStdString();
}

}  // namespace

bool register_prompt_case_runner(const char* category, const char* function_prefix,
                                 PromptCaseRunner runner) {
    runners().push_back(
        {QString::fromLatin1(category), QString::fromLatin1(function_prefix), runner});
    return true;
}

PromptCaseRunner find_prompt_case_runner(const GoldenCase& golden_case) {
    const QString function = golden_case.json.value(QStringLiteral("function")).toString();
    const Registration* best = nullptr;
    for (const Registration& entry : runners()) {
        if (entry.category != golden_case.category || !function.startsWith(entry.function_prefix))
            continue;
        if (!best || entry.function_prefix.size() > best->function_prefix.size()) best = &entry;
    }
    return best ? best->runner : nullptr;
}

prompts::PromptEnvironment pinned_environment(const GoldenCase& golden_case,
                                              const VirtualFilesystem& filesystem,
                                              const prompts::IdentityProfile& profile) {
    QFile preset_file(golden_case.root + QStringLiteral("/presets/pinned-environment.json"));
    QJsonObject preset;
    if (preset_file.open(QIODevice::ReadOnly))
        preset = QJsonDocument::fromJson(preset_file.readAll()).object();
    const QJsonObject environment = golden_case.environment();

    prompts::PromptEnvironment pinned_env;
    pinned_env.home_dir = filesystem.real_path(pinned(environment, preset, "os.homedir()"));
    pinned_env.os_name = pinned(environment, preset, "osName() [os-name]");
    pinned_env.os_type = pinned(environment, preset, "os.type()");
    pinned_env.shell = pinned(environment, preset, "getShell() [src/utils/shell.ts]");
    pinned_env.editor_shell = pinned(environment, preset, "vscode.env.shell");
    pinned_env.editor_language = pinned(environment, preset, "vscode.env.language");
    if (pinned_env.editor_language.empty()) pinned_env.editor_language = "en";
    pinned_env.profile = profile;
    return pinned_env;
}

std::optional<std::string> optional_string(const QJsonValue& value) {
    if (!value.isString()) return std::nullopt;
    return value.toString().toStdString();
}

std::optional<bool> optional_bool(const QJsonValue& value) {
    if (!value.isBool()) return std::nullopt;
    return value.toBool();
}

std::string text_of(const QJsonValue& value) {
    return value.toString().toStdString();
}

std::vector<std::string> strings_of(const QJsonValue& value) {
    std::vector<std::string> result;
    for (const QJsonValue& item : value.toArray()) result.push_back(text_of(item));
    return result;
}

}  // namespace lapce_ai::parity
