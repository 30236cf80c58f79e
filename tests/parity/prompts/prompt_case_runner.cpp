#include "prompt_case_runner.h"

#include <QFile>
#include <QJsonDocument>
#include <map>

namespace lapce_ai::parity {
namespace {

std::map<QString, PromptCaseRunner>& runners() {
    static std::map<QString, PromptCaseRunner> table;
    return table;
}

std::string pinned(const QJsonObject& environment, const QJsonObject& preset, const char* key) {
    const QString name = QString::fromLatin1(key);
    const QJsonValue value =
        environment.contains(name) ? environment.value(name) : preset.value(name);
    return value.toString().toStdString();
}

}  // namespace

bool register_prompt_case_runner(const char* category, PromptCaseRunner runner) {
    runners()[QString::fromLatin1(category)] = runner;
    return true;
}

PromptCaseRunner find_prompt_case_runner(const QString& category) {
    auto it = runners().find(category);
    return it == runners().end() ? nullptr : it->second;
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

}  // namespace lapce_ai::parity
