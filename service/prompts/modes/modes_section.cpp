#include "modes_section.h"

#include "js_replace.h"
#include "js_string.h"
#include "modes.h"
#include "prompt_texts.h"

namespace lapce_ai::prompts {
namespace {

// whenToUse with its later lines indented, else the roleDefinition up to its first ".".
std::string mode_summary(const std::optional<std::string>& when_to_use,
                         std::string_view role_definition) {
    if (when_to_use && !js_trim(*when_to_use).empty()) {
        return json::js_replace_all(*when_to_use, "\n", "\n    ");
    }
    return std::string(role_definition.substr(0, role_definition.find('.')));
}

}  // namespace

std::string get_modes_section(const ExtensionState& state, const PromptEnvironment& environment) {
    std::string lines;
    bool first = true;
    // getAllModesWithPrompts without copying the modes: the overrides are looked up here.
    for (const ModeConfig* mode : get_all_mode_pointers(&state.custom_modes, environment.profile)) {
        const std::string* role_definition = &mode->role_definition;
        const std::optional<std::string>* when_to_use = &mode->when_to_use;
        if (auto it = state.custom_mode_prompts.find(mode->slug);
            it != state.custom_mode_prompts.end()) {
            if (it->second.role_definition) role_definition = &*it->second.role_definition;
            if (it->second.when_to_use) when_to_use = &it->second.when_to_use;
        }
        if (!first) lines += '\n';
        first = false;
        const std::string summary = mode_summary(*when_to_use, *role_definition);
        prompt_text("modes/mode_line")
            .render_to(lines, TemplateValues()
                                  .set("name", mode->name)
                                  .set("slug", mode->slug)
                                  .set("description", summary));
    }
    return render_prompt_text("modes/modes_section", TemplateValues().set("modes", lines));
}

}  // namespace lapce_ai::prompts
