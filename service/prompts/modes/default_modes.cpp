#include <QJsonDocument>
#include <map>
#include <memory>
#include <mutex>

#include "modes.h"
#include "prompt_json.h"
#include "prompt_texts.h"

namespace lapce_ai::prompts {
namespace {

struct ModeTable {
    std::vector<ModeConfig> modes;
    CustomModePrompts prompts;
};

// The built-in modes' texts are templates; {{assistant_name}} names the identity.
std::string render_text(const std::string& text, const TemplateValues& values) {
    auto parsed = PromptTemplate::parse(text);
    if (!parsed) throw TemplateError("resources/prompts/modes/modes.json: " + parsed.error());
    return parsed->render(values);
}

void render_optional(std::optional<std::string>& text, const TemplateValues& values) {
    if (text) text = render_text(*text, values);
}

std::unique_ptr<ModeTable> load_modes(const IdentityProfile& profile) {
    const QJsonDocument document = prompt_json_resource("modes/modes.json");
    if (!document.isArray())
        throw TemplateError("resources/prompts/modes/modes.json: not a JSON array");
    auto modes = mode_configs_from_json(document.array());
    if (!modes) throw TemplateError("resources/prompts/modes/modes.json: " + modes.error());
    if (modes->empty()) throw TemplateError("resources/prompts/modes/modes.json: no modes");

    auto table = std::make_unique<ModeTable>();
    const TemplateValues values = TemplateValues().set("assistant_name", profile.assistant_name);
    for (ModeConfig& mode : *modes) {
        mode.role_definition = render_text(mode.role_definition, values);
        render_optional(mode.when_to_use, values);
        render_optional(mode.description, values);
        render_optional(mode.custom_instructions, values);
        table->prompts[mode.slug] = PromptComponent{mode.role_definition, mode.when_to_use,
                                                    mode.description, mode.custom_instructions};
    }
    table->modes = std::move(*modes);
    return table;
}

// The built-in modes differ only by the assistant's name, so that is the cache key.
const ModeTable& mode_table(const IdentityProfile& profile) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<ModeTable>, std::less<>> tables;
    std::lock_guard lock(mutex);
    auto it = tables.find(profile.assistant_name);
    if (it == tables.end()) it = tables.emplace(profile.assistant_name, load_modes(profile)).first;
    return *it->second;
}

}  // namespace

const std::vector<ModeConfig>& default_modes(const IdentityProfile& profile) {
    return mode_table(profile).modes;
}

const std::string& default_mode_slug(const IdentityProfile& profile) {
    return default_modes(profile).front().slug;
}

const CustomModePrompts& default_prompts(const IdentityProfile& profile) {
    return mode_table(profile).prompts;
}

}  // namespace lapce_ai::prompts
