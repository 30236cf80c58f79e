#include "prompt_environment.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <algorithm>

#include "machine_info.h"
#include "prompt_template.h"
#include "prompt_texts.h"

namespace lapce_ai::prompts {
namespace {

struct ProfileTable {
    std::vector<IdentityProfile> profiles;
    std::string default_id;
};

std::string string_of(const QJsonObject& object, const char* key) {
    return object.value(QLatin1String(key)).toString().toStdString();
}

ProfileTable load_profiles() {
    const QJsonDocument document = prompt_json_resource("profiles.json");
    if (!document.isObject())
        throw TemplateError("resources/prompts/profiles.json: not a JSON object");
    ProfileTable table;
    table.default_id = string_of(document.object(), "default");
    for (const QJsonValue& value : document.object().value(QLatin1String("profiles")).toArray()) {
        const QJsonObject object = value.toObject();
        IdentityProfile profile;
        profile.id = string_of(object, "id");
        profile.assistant_name = string_of(object, "assistantName");
        profile.config_dir = string_of(object, "configDir");
        for (const QJsonValue& file : object.value(QLatin1String("legacyRuleFiles")).toArray()) {
            profile.legacy_rule_files.push_back(file.toString().toStdString());
        }
        table.profiles.push_back(std::move(profile));
    }
    return table;
}

const ProfileTable& profile_table() {
    static const ProfileTable table = load_profiles();
    return table;
}

}  // namespace

const IdentityProfile* find_identity_profile(std::string_view id) {
    const auto& profiles = profile_table().profiles;
    auto it = std::find_if(profiles.begin(), profiles.end(),
                           [&](const IdentityProfile& profile) { return profile.id == id; });
    return it == profiles.end() ? nullptr : &*it;
}

const IdentityProfile& default_identity_profile() {
    const IdentityProfile* profile = find_identity_profile(profile_table().default_id);
    if (!profile) throw TemplateError("resources/prompts/profiles.json: no default profile");
    return *profile;
}

std::vector<std::string> identity_profile_ids() {
    std::vector<std::string> ids;
    for (const auto& profile : profile_table().profiles) ids.push_back(profile.id);
    return ids;
}

PromptEnvironment current_prompt_environment(const IdentityProfile& profile) {
    PromptEnvironment environment;
    environment.home_dir = QDir::fromNativeSeparators(QDir::homePath()).toStdString();
    environment.os_name = os_name();
    environment.os_type = os_type();
    environment.shell = get_shell();
    // Outside VS Code the editor's shell is the user's shell.
    environment.editor_shell = environment.shell;
    // vscode.env.language: the UI language as a lower-case BCP 47 tag ("en", "pt-br").
    environment.editor_language = QLocale::system().bcp47Name().toLower().toStdString();
    if (environment.editor_language.empty() || environment.editor_language == "c") {
        environment.editor_language = "en";
    }
    environment.profile = profile;
    return environment;
}

}  // namespace lapce_ai::prompts
