#include "modes_section.h"

#include "js_string.h"
#include "modes.h"
#include "prompt_texts.h"

namespace lapce_ai::prompts {
namespace {

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
    std::string result;
    std::size_t start = 0;
    for (std::size_t at = text.find(from); at != std::string_view::npos;
         at = text.find(from, start)) {
        result.append(text.substr(start, at - start)).append(to);
        start = at + from.size();
    }
    result.append(text.substr(start));
    return result;
}

// whenToUse with its later lines indented, else the roleDefinition up to its first ".".
std::string mode_summary(const ModeConfig& mode) {
    if (mode.when_to_use && !js_trim(*mode.when_to_use).empty()) {
        return replace_all(*mode.when_to_use, "\n", "\n    ");
    }
    return mode.role_definition.substr(0, mode.role_definition.find('.'));
}

}  // namespace

std::string get_modes_section(const ExtensionState& state, const PromptEnvironment& environment) {
    std::string lines;
    bool first = true;
    for (const ModeConfig& mode : get_all_modes_with_prompts(state, environment.profile)) {
        if (!first) lines += '\n';
        first = false;
        const std::string summary = mode_summary(mode);
        prompt_text("modes/mode_line")
            .render_to(lines, TemplateValues()
                                  .set("name", mode.name)
                                  .set("slug", mode.slug)
                                  .set("description", summary));
    }
    return render_prompt_text("modes/modes_section", TemplateValues().set("modes", lines));
}

}  // namespace lapce_ai::prompts
