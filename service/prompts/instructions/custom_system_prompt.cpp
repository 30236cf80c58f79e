#include "custom_system_prompt.h"

#include <array>
#include <utility>

#include "js_replace.h"
#include "js_string.h"
#include "node_path.h"

namespace lapce_ai::prompts {

std::string interpolate_prompt_content(std::string_view content, const PromptVariables& variables) {
    const std::array<std::pair<std::string_view, const std::optional<std::string>*>, 5> fields = {{
        {"{{workspace}}", &variables.workspace},
        {"{{mode}}", &variables.mode},
        {"{{language}}", &variables.language},
        {"{{shell}}", &variables.shell},
        {"{{operatingSystem}}", &variables.operating_system},
    }};
    std::string interpolated(content);
    // content.replace(/\{\{name\}\}/g, value) for each variable that has a value.
    for (const auto& [placeholder, value] : fields) {
        if (value->has_value())
            interpolated = json::js_replace_all(interpolated, placeholder, **value);
    }
    return interpolated;
}

std::string get_system_prompt_file_path(std::string_view cwd, std::string_view mode,
                                        const PromptEnvironment& environment) {
    return node_path::join(
        {cwd, environment.profile.config_dir, "system-prompt-" + std::string(mode)});
}

Expected<std::string, RuleFileError> load_system_prompt_file(std::string_view cwd,
                                                             std::string_view mode,
                                                             const PromptVariables& variables,
                                                             const PromptEnvironment& environment) {
    auto text = read_rule_file(get_system_prompt_file_path(cwd, mode, environment));
    if (!text) return unexpected(text.error());
    if (!text->has_value()) return std::string();
    const std::string_view raw_content = js_trim(**text);
    if (raw_content.empty()) return std::string();
    return interpolate_prompt_content(raw_content, variables);
}

}  // namespace lapce_ai::prompts
