#include "modes.h"

#include <QRegularExpression>
#include <algorithm>
#include <array>

#include "js_string.h"
#include "prompt_texts.h"
#include "tools/tool_groups.h"

namespace lapce_ai::prompts {
namespace {

// Object.values(EXPERIMENT_IDS) of src/shared/experiments.ts.
constexpr std::array<std::string_view, 5> kExperimentIds = {"multiFileApplyDiff", "powerSteering",
                                                            "preventFocusDisruption",
                                                            "imageGeneration", "runSlashCommand"};

// Tool parameters that make a call an actual edit (not just a streamed path).
constexpr std::array<std::string_view, 7> kEditOperationParams = {
    "diff", "content", "operations", "search", "replace", "args", "line"};

// toolParams?.[name] is truthy: present and not empty.
bool param_set(const ToolParams* params, std::string_view name) {
    if (!params) return false;
    auto it = params->find(name);
    return it != params->end() && !it->second.empty();
}

std::string param(const ToolParams* params, std::string_view name) {
    if (!params) return {};
    auto it = params->find(name);
    return it == params->end() ? std::string() : it->second;
}

QString qstring(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// The edit group's fileRegex check of isToolAllowedForMode.
void check_file_restriction(std::string_view tool, const ModeConfig& mode,
                            const GroupOptions& options, const ToolParams* tool_params) {
    const std::string& pattern = *options.file_regex;
    const std::string file_path = param(tool_params, "path");
    const bool is_edit_operation =
        std::any_of(kEditOperationParams.begin(), kEditOperationParams.end(),
                    [&](std::string_view name) { return param_set(tool_params, name); });
    if (!file_path.empty() && is_edit_operation && !does_file_match_regex(file_path, pattern)) {
        throw FileRestrictionError(mode.name, pattern, options.description, file_path, tool);
    }

    // The XML `args` of the multi-file apply_diff name their files in <path> elements.
    const std::string args = param(tool_params, "args");
    if (args.empty()) return;
    static const QRegularExpression path_element(QStringLiteral("<path>([^<]+)</path>"));
    auto matches = path_element.globalMatch(qstring(args));
    while (matches.hasNext()) {
        const std::string extracted =
            std::string(js_trim(matches.next().captured(1).toStdString()));
        if (extracted.empty() || extracted.find_first_of("<>") != std::string::npos) continue;
        if (!does_file_match_regex(extracted, pattern)) {
            throw FileRestrictionError(mode.name, pattern, options.description, extracted, tool);
        }
    }
}

std::string value_or_empty(const std::optional<std::string>& text) {
    return text.value_or(std::string());
}

// A non-empty string (JavaScript `||` treats "" as false).
const std::string* non_empty(const std::optional<std::string>& text) {
    return text && !text->empty() ? &*text : nullptr;
}

}  // namespace

const std::string& get_group_name(const GroupEntry& group) {
    return group.name;
}

bool does_file_match_regex(std::string_view file_path, std::string_view pattern) {
    const QRegularExpression regex(qstring(pattern));
    if (!regex.isValid()) return false;
    return regex.match(qstring(file_path)).hasMatch();
}

std::vector<std::string> get_tools_for_mode(const std::vector<GroupEntry>& groups) {
    std::vector<std::string> tools;
    const auto add = [&](std::string_view tool) {
        if (std::find(tools.begin(), tools.end(), tool) == tools.end()) tools.emplace_back(tool);
    };
    for (const GroupEntry& group : groups) {
        if (const ToolGroupConfig* config = find_tool_group(get_group_name(group))) {
            for (std::string_view tool : config->tools) add(tool);
        }
    }
    for (std::string_view tool : kAlwaysAvailableTools) add(tool);
    return tools;
}

const ModeConfig* find_mode_by_slug(std::string_view slug, const std::vector<ModeConfig>* modes) {
    if (!modes) return nullptr;
    auto it = std::find_if(modes->begin(), modes->end(),
                           [&](const ModeConfig& mode) { return mode.slug == slug; });
    return it == modes->end() ? nullptr : &*it;
}

const ModeConfig* get_mode_by_slug(std::string_view slug,
                                   const std::vector<ModeConfig>* custom_modes,
                                   const IdentityProfile& profile) {
    if (const ModeConfig* custom = find_mode_by_slug(slug, custom_modes)) return custom;
    return find_mode_by_slug(slug, &default_modes(profile));
}

const ModeConfig& get_mode_config(std::string_view slug,
                                  const std::vector<ModeConfig>* custom_modes,
                                  const IdentityProfile& profile) {
    const ModeConfig* mode = get_mode_by_slug(slug, custom_modes, profile);
    if (!mode) throw std::invalid_argument("No mode found for slug: " + std::string(slug));
    return *mode;
}

std::vector<const ModeConfig*> get_all_mode_pointers(const std::vector<ModeConfig>* custom_modes,
                                                     const IdentityProfile& profile) {
    std::vector<const ModeConfig*> all_modes;
    for (const ModeConfig& mode : default_modes(profile)) all_modes.push_back(&mode);
    if (!custom_modes) return all_modes;
    for (const ModeConfig& custom : *custom_modes) {
        auto it = std::find_if(all_modes.begin(), all_modes.end(),
                               [&](const ModeConfig* mode) { return mode->slug == custom.slug; });
        if (it != all_modes.end()) {
            *it = &custom;
        } else {
            all_modes.push_back(&custom);
        }
    }
    return all_modes;
}

std::vector<ModeConfig> get_all_modes(const std::vector<ModeConfig>* custom_modes,
                                      const IdentityProfile& profile) {
    std::vector<ModeConfig> all_modes;
    for (const ModeConfig* mode : get_all_mode_pointers(custom_modes, profile)) {
        all_modes.push_back(*mode);
    }
    return all_modes;
}

const ModeConfig& get_mode_by_slug_or_first(std::string_view slug,
                                            const std::vector<ModeConfig>* custom_modes,
                                            const IdentityProfile& profile) {
    if (const ModeConfig* mode = get_mode_by_slug(slug, custom_modes, profile)) return *mode;
    const std::vector<ModeConfig>& modes = default_modes(profile);
    const ModeConfig* built_in = find_mode_by_slug(slug, &modes);
    return built_in ? *built_in : modes.front();
}

bool is_custom_mode(std::string_view slug, const std::vector<ModeConfig>* custom_modes) {
    return find_mode_by_slug(slug, custom_modes) != nullptr;
}

ModeSelection get_mode_selection(std::string_view mode, const PromptComponent* prompt_component,
                                 const std::vector<ModeConfig>* custom_modes,
                                 const IdentityProfile& profile) {
    if (const ModeConfig* custom = find_mode_by_slug(mode, custom_modes)) {
        return {custom->role_definition, value_or_empty(custom->custom_instructions),
                value_or_empty(custom->description)};
    }
    const std::vector<ModeConfig>& modes = default_modes(profile);
    const ModeConfig* built_in = find_mode_by_slug(mode, &modes);
    const ModeConfig& base = built_in ? *built_in : modes.front();

    ModeSelection selection{base.role_definition, value_or_empty(base.custom_instructions),
                            value_or_empty(base.description)};
    if (prompt_component) {
        if (const std::string* role = non_empty(prompt_component->role_definition)) {
            selection.role_definition = *role;
        }
        if (const std::string* instructions = non_empty(prompt_component->custom_instructions)) {
            selection.base_instructions = *instructions;
        }
    }
    return selection;
}

FileRestrictionError::FileRestrictionError(std::string_view mode, std::string_view pattern,
                                           const std::optional<std::string>& description,
                                           std::string_view file_path, std::string_view tool)
    : std::runtime_error(
          render_prompt_text("modes/file_restriction_error",
                             TemplateValues()
                                 .set("mode", mode)
                                 .set("pattern", pattern)
                                 .set("description", description.value_or(std::string()))
                                 .set("file_path", file_path)
                                 .set("tool", tool)
                                 .flag("has_tool", !tool.empty())
                                 .flag("has_description", description && !description->empty()))) {}

bool is_tool_allowed_for_mode(std::string_view tool, std::string_view mode_slug,
                              const std::vector<ModeConfig>& custom_modes,
                              const ToolRequirements* tool_requirements,
                              const ToolParams* tool_params, const Experiments* experiments,
                              const IdentityProfile& profile) {
    if (contains_tool(kAlwaysAvailableTools, tool)) return true;
    if (experiments &&
        std::find(kExperimentIds.begin(), kExperimentIds.end(), tool) != kExperimentIds.end()) {
        if (!experiments->enabled(tool)) return false;
    }
    if (tool_requirements) {
        auto it = tool_requirements->find(tool);
        if (it != tool_requirements->end() && !it->second) return false;
    }

    const ModeConfig* mode = get_mode_by_slug(mode_slug, &custom_modes, profile);
    if (!mode) return false;

    for (const GroupEntry& group : mode->groups) {
        const ToolGroupConfig* config = find_tool_group(get_group_name(group));
        if (!config || !contains_tool(config->tools, tool)) continue;
        if (!group.options) return true;
        if (get_group_name(group) == "edit" && group.options->file_regex &&
            !group.options->file_regex->empty()) {
            check_file_restriction(tool, *mode, *group.options, tool_params);
        }
        return true;
    }
    return false;
}

std::string get_role_definition(std::string_view mode_slug,
                                const std::vector<ModeConfig>* custom_modes,
                                const IdentityProfile& profile) {
    const ModeConfig* mode = get_mode_by_slug(mode_slug, custom_modes, profile);
    return mode ? mode->role_definition : std::string();
}

}  // namespace lapce_ai::prompts
