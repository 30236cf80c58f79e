#pragma once

// src/shared/modes.ts getFullModeDetails: a mode with its prompt overrides applied and, given
// a cwd, the full custom instructions (rule files, AGENTS.md, language) of addCustomInstructions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expected.h"
#include "instructions/rule_file_reader.h"
#include "prompt_environment.h"
#include "prompt_types.h"

namespace lapce_ai::prompts {

// getFullModeDetails' options; std::nullopt is the reference's undefined.
struct FullModeDetailsOptions {
    std::optional<std::string> cwd;
    std::optional<std::string> global_custom_instructions;
    std::optional<std::string> language;
};

// getFullModeDetails: the custom mode of the slug, else the built-in one, else the first built-in
// mode, with the prompt component's non-empty roleDefinition / whenToUse / description /
// customInstructions applied. With a non-empty cwd the custom instructions are
// addCustomInstructions' text, whose rule-file read error is the result.
Expected<ModeConfig, RuleFileError> get_full_mode_details(
    std::string_view mode_slug, const std::vector<ModeConfig>* custom_modes,
    const CustomModePrompts* custom_mode_prompts, const FullModeDetailsOptions& options,
    const PromptEnvironment& environment);

}  // namespace lapce_ai::prompts
