#include "mode_lookup.h"

#include <stdexcept>

namespace lapce_ai::prompts {
namespace {

const ModeConfig* find_mode(std::string_view slug, const std::vector<ModeConfig>& modes) {
    for (const ModeConfig& mode : modes)
        if (mode.slug == slug) return &mode;
    return nullptr;
}

// `value || fallback` for an optional string.
std::string or_else(const std::optional<std::string>& value, const std::string& fallback) {
    return value && !value->empty() ? *value : fallback;
}

}  // namespace

EnvironmentModeDetails full_mode_details_for_environment(
    std::string_view mode_slug, const std::vector<ModeConfig>& builtin_modes,
    const std::vector<ModeConfig>& custom_modes, const CustomModePrompts& custom_mode_prompts,
    std::string_view cwd, std::string_view global_custom_instructions, std::string_view language,
    const AddCustomInstructionsFn* add_custom_instructions) {
    const ModeConfig* base_mode = find_mode(mode_slug, custom_modes);
    if (!base_mode) base_mode = find_mode(mode_slug, builtin_modes);
    if (!base_mode) {
        if (builtin_modes.empty()) throw std::invalid_argument("no built-in modes");
        base_mode = &builtin_modes.front();
    }

    const auto prompt = custom_mode_prompts.find(mode_slug);
    const PromptComponent* component =
        prompt == custom_mode_prompts.end() ? nullptr : &prompt->second;

    const std::optional<std::string> no_text;
    const std::string base_instructions =
        or_else(component ? component->custom_instructions : no_text,
                or_else(base_mode->custom_instructions, std::string()));
    std::string custom_instructions = base_instructions;
    if (!cwd.empty() && add_custom_instructions) {
        custom_instructions = (*add_custom_instructions)(
            base_instructions, global_custom_instructions, cwd, mode_slug, language);
    }
    return {base_mode->name,
            or_else(component ? component->role_definition : no_text, base_mode->role_definition),
            std::move(custom_instructions)};
}

}  // namespace lapce_ai::prompts
