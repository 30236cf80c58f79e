#include "custom_system_prompt.h"

#include <array>
#include <utility>

#include "js_string.h"
#include "node_path.h"

namespace lapce_ai::prompts {
namespace {

// GetSubstitution for a pattern without capture groups: "$1", "$<" and a lone "$" stay.
void append_replacement(std::string& out, std::string_view replacement, std::string_view subject,
                        std::size_t match_start, std::size_t match_end) {
    for (std::size_t i = 0; i < replacement.size(); ++i) {
        const char c = replacement[i];
        if (c != '$' || i + 1 >= replacement.size()) {
            out.push_back(c);
            continue;
        }
        switch (replacement[i + 1]) {
            case '$':
                out.push_back('$');
                break;
            case '&':
                out.append(subject.substr(match_start, match_end - match_start));
                break;
            case '`':
                out.append(subject.substr(0, match_start));
                break;
            case '\'':
                out.append(subject.substr(match_end));
                break;
            default:
                out.push_back(c);
                continue;
        }
        ++i;
    }
}

// subject.replace(/\{\{name\}\}/g, replacement)
std::string replace_all(std::string_view subject, std::string_view placeholder,
                        std::string_view replacement) {
    std::string out;
    std::size_t position = 0;
    for (std::size_t found = subject.find(placeholder); found != std::string_view::npos;
         found = subject.find(placeholder, position)) {
        out.append(subject.substr(position, found - position));
        append_replacement(out, replacement, subject, found, found + placeholder.size());
        position = found + placeholder.size();
    }
    out.append(subject.substr(position));
    return out;
}

}  // namespace

std::string interpolate_prompt_content(std::string_view content, const PromptVariables& variables) {
    const std::array<std::pair<std::string_view, const std::optional<std::string>*>, 5> fields = {{
        {"{{workspace}}", &variables.workspace},
        {"{{mode}}", &variables.mode},
        {"{{language}}", &variables.language},
        {"{{shell}}", &variables.shell},
        {"{{operatingSystem}}", &variables.operating_system},
    }};
    std::string interpolated(content);
    for (const auto& [placeholder, value] : fields) {
        if (value->has_value()) interpolated = replace_all(interpolated, placeholder, **value);
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
