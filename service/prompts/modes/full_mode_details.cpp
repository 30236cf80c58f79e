#include "full_mode_details.h"

#include "instructions/custom_instructions.h"
#include "modes/modes.h"

namespace lapce_ai::prompts {
namespace {

// `first || second || ""` over optional strings (JavaScript `||` skips "" and undefined).
std::string first_non_empty(const std::optional<std::string>& first,
                            const std::optional<std::string>& second) {
    if (first && !first->empty()) return *first;
    if (second && !second->empty()) return *second;
    return std::string();
}

}  // namespace

Expected<ModeConfig, RuleFileError> get_full_mode_details(
    std::string_view mode_slug, const std::vector<ModeConfig>* custom_modes,
    const CustomModePrompts* custom_mode_prompts, const FullModeDetailsOptions& options,
    const PromptEnvironment& environment) {
    const ModeConfig* base_mode =
        &get_mode_by_slug_or_first(mode_slug, custom_modes, environment.profile);

    const PromptComponent* prompt_component = nullptr;
    if (custom_mode_prompts) {
        const auto it = custom_mode_prompts->find(mode_slug);
        if (it != custom_mode_prompts->end()) prompt_component = &it->second;
    }
    const PromptComponent no_component;
    const PromptComponent& component = prompt_component ? *prompt_component : no_component;

    const std::string base_custom_instructions =
        first_non_empty(component.custom_instructions, base_mode->custom_instructions);
    std::string base_when_to_use = first_non_empty(component.when_to_use, base_mode->when_to_use);
    std::string base_description = first_non_empty(component.description, base_mode->description);

    std::string full_custom_instructions = base_custom_instructions;
    if (options.cwd && !options.cwd->empty()) {
        CustomInstructionsOptions instructions_options;
        instructions_options.language = options.language;
        auto instructions = add_custom_instructions(
            base_custom_instructions, options.global_custom_instructions.value_or(std::string()),
            *options.cwd, mode_slug, instructions_options, environment);
        if (!instructions) return unexpected(instructions.error());
        full_custom_instructions = std::move(*instructions);
    }

    ModeConfig mode = *base_mode;
    if (component.role_definition && !component.role_definition->empty())
        mode.role_definition = *component.role_definition;
    mode.when_to_use = std::move(base_when_to_use);
    mode.description = std::move(base_description);
    mode.custom_instructions = std::move(full_custom_instructions);
    return mode;
}

}  // namespace lapce_ai::prompts
