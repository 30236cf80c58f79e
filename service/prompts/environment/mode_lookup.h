#pragma once

// The part of src/shared/modes.ts getFullModeDetails that the environment details use. It lives
// here until the shared modes module is merged; the built-in modes are an input.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "prompt_types.h"

namespace lapce_ai::prompts {

// addCustomInstructions(modeCustomInstructions, globalCustomInstructions, cwd, mode,
// { language }) of src/core/prompts/sections/custom-instructions.ts.
using AddCustomInstructionsFn = std::function<std::string(
    std::string_view mode_custom_instructions, std::string_view global_custom_instructions,
    std::string_view cwd, std::string_view mode, std::string_view language)>;

struct EnvironmentModeDetails {
    std::string name;
    std::string role_definition;
    std::string custom_instructions;  // the full addCustomInstructions text
};

// getFullModeDetails(slug, customModes, customModePrompts, { cwd, globalCustomInstructions,
// language }): a custom mode, else the built-in one, else the first built-in mode. Without
// `add_custom_instructions` the custom instructions are the mode's own (the reference always
// builds the full text, which only shows with powerSteering, so callers may skip it). Throws
// std::invalid_argument when `builtin_modes` is empty.
EnvironmentModeDetails full_mode_details_for_environment(
    std::string_view mode_slug, const std::vector<ModeConfig>& builtin_modes,
    const std::vector<ModeConfig>& custom_modes, const CustomModePrompts& custom_mode_prompts,
    std::string_view cwd, std::string_view global_custom_instructions, std::string_view language,
    const AddCustomInstructionsFn* add_custom_instructions);

}  // namespace lapce_ai::prompts
