#include "system_prompt.h"

#include <algorithm>

#include "change_watcher.h"
#include "instructions/custom_instructions.h"
#include "instructions/custom_system_prompt.h"
#include "instructions/language.h"
#include "modes/modes.h"
#include "modes/modes_section.h"
#include "prompt_texts.h"
#include "sections.h"
#include "tools/tool_descriptions_for_mode.h"

namespace lapce_ai::prompts {
namespace {

template <typename T>
const T* optional_ptr(const std::optional<T>& value) {
    return value ? &*value : nullptr;
}

std::string effective_language(const SystemPromptInput& input,
                               const PromptEnvironment& environment) {
    return input.language ? *input.language : format_language(environment.editor_language);
}

CustomInstructionsOptions custom_instructions_options(const SystemPromptInput& input,
                                                      const PromptEnvironment& environment) {
    CustomInstructionsOptions options;
    options.language = effective_language(input, environment);
    options.roo_ignore_instructions = input.roo_ignore_instructions;
    options.settings = input.settings;
    return options;
}

// generatePrompt: every section, in the reference's order.
Expected<std::string, RuleFileError> generate_prompt(const SystemPromptInput& input,
                                                     std::string_view mode,
                                                     const DiffStrategy* diff_strategy,
                                                     const PromptComponent* prompt_component,
                                                     const PromptEnvironment& environment) {
    const auto* custom_modes = optional_ptr(input.custom_modes);
    const ModeConfig& mode_config =
        get_mode_by_slug_or_first(mode, custom_modes, environment.profile);
    const ModeSelection selection =
        get_mode_selection(mode, prompt_component, custom_modes, environment.profile);

    const bool has_mcp_group =
        std::any_of(mode_config.groups.begin(), mode_config.groups.end(),
                    [](const GroupEntry& entry) { return get_group_name(entry) == "mcp"; });
    const bool has_mcp_servers = input.mcp_hub && !input.mcp_hub->empty();
    const std::vector<McpServer>* mcp_hub =
        has_mcp_group && has_mcp_servers ? &*input.mcp_hub : nullptr;

    const std::string modes_section = get_modes_section(input.context, environment);
    const std::string mcp_servers_section =
        mcp_hub ? get_mcp_servers_section(mcp_hub, diff_strategy, input.enable_mcp_server_creation)
                : std::string();
    const CodeIndexState& code_index = input.code_index;

    const std::string tool_descriptions = get_tool_descriptions_for_mode(
        mode, input.cwd, input.supports_computer_use, &code_index, diff_strategy,
        input.browser_viewport_size, mcp_hub, custom_modes, optional_ptr(input.experiments),
        input.partial_reads_enabled, optional_ptr(input.settings), input.enable_mcp_server_creation,
        input.model_id, environment);
    const std::string tool_use_guidelines = get_tool_use_guidelines_section(&code_index);
    const std::string capabilities = get_capabilities_section(
        input.cwd, input.supports_computer_use, mcp_hub, diff_strategy, &code_index);
    const std::string rules =
        get_rules_section(input.cwd, input.supports_computer_use, diff_strategy, &code_index);
    const std::string system_info = get_system_info_section(input.cwd, environment);
    const std::string objective =
        get_objective_section(&code_index, optional_ptr(input.experiments));
    const auto custom_instructions = add_custom_instructions(
        selection.base_instructions, input.global_custom_instructions.value_or(std::string()),
        input.cwd, mode, custom_instructions_options(input, environment), environment);
    if (!custom_instructions) return unexpected(custom_instructions.error());
    const std::string markdown_formatting = markdown_formatting_section();
    const std::string shared_tool_use = get_shared_tool_use_section();

    return render_prompt_text("system/generated_prompt",
                              TemplateValues()
                                  .set("role_definition", selection.role_definition)
                                  .set("markdown_formatting", markdown_formatting)
                                  .set("shared_tool_use", shared_tool_use)
                                  .set("tool_descriptions", tool_descriptions)
                                  .set("tool_use_guidelines", tool_use_guidelines)
                                  .set("mcp_servers", mcp_servers_section)
                                  .set("capabilities", capabilities)
                                  .set("modes", modes_section)
                                  .set("rules", rules)
                                  .set("system_info", system_info)
                                  .set("objective", objective)
                                  .set("custom_instructions", *custom_instructions));
}

}  // namespace

const PromptComponent* get_prompt_component(
    const std::optional<CustomModePrompts>& custom_mode_prompts, std::string_view mode) {
    if (!custom_mode_prompts) return nullptr;
    auto it = custom_mode_prompts->find(mode);
    if (it == custom_mode_prompts->end() || it->second.empty()) return nullptr;
    return &it->second;
}

Expected<std::string, RuleFileError> system_prompt(const SystemPromptInput& input,
                                                   const PromptEnvironment& environment) {
    // The rule files and folders are checked against the file system's events once per prompt.
    const ChangeWatcher::Batch batch(ChangeWatcher::shared());
    const std::string mode =
        input.mode.value_or(std::string(default_mode_slug(environment.profile)));

    PromptVariables variables;
    variables.workspace = input.cwd;
    variables.mode = mode;
    variables.language = effective_language(input, environment);
    variables.shell = environment.editor_shell;
    variables.operating_system = environment.os_type;
    const auto file_custom_system_prompt =
        load_system_prompt_file(input.cwd, mode, variables, environment);
    if (!file_custom_system_prompt) return unexpected(file_custom_system_prompt.error());

    const PromptComponent* prompt_component = get_prompt_component(input.custom_mode_prompts, mode);
    const auto* custom_modes = optional_ptr(input.custom_modes);

    if (!file_custom_system_prompt->empty()) {
        const ModeSelection selection =
            get_mode_selection(mode, prompt_component, custom_modes, environment.profile);
        const auto custom_instructions = add_custom_instructions(
            selection.base_instructions, input.global_custom_instructions.value_or(std::string()),
            input.cwd, mode, custom_instructions_options(input, environment), environment);
        if (!custom_instructions) return unexpected(custom_instructions.error());
        return render_prompt_text("system/file_prompt",
                                  TemplateValues()
                                      .set("role_definition", selection.role_definition)
                                      .set("file_custom_system_prompt", *file_custom_system_prompt)
                                      .set("custom_instructions", *custom_instructions));
    }

    // The current mode: a custom one, a built-in one, else the first built-in mode.
    const ModeConfig& current = get_mode_by_slug_or_first(mode, custom_modes, environment.profile);
    const DiffStrategy* diff_strategy =
        input.diff_enabled.value_or(false) && input.diff_strategy ? &*input.diff_strategy : nullptr;
    return generate_prompt(input, current.slug, diff_strategy, prompt_component, environment);
}

}  // namespace lapce_ai::prompts
