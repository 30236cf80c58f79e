#pragma once

// src/core/prompts/sections/custom-instructions.ts: the USER'S CUSTOM INSTRUCTIONS section
// (language, global and mode instructions, rule directories, legacy rule files, AGENTS.md).
// The configuration folder (".roo") and the legacy rule files (".roorules", ".clinerules")
// come from the environment's identity profile; the global folder lives in its home_dir.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expected.h"
#include "prompt_environment.h"
#include "prompt_types.h"
#include "rule_file_reader.h"

namespace lapce_ai::prompts {

struct CustomInstructionsOptions {
    std::optional<std::string> language;
    std::optional<std::string> roo_ignore_instructions;
    std::optional<SystemPromptSettings> settings;
};

// getRooDirectoriesForCwd: the global folder (<home>/<config_dir>), then the project's.
std::vector<std::string> get_roo_directories_for_cwd(std::string_view cwd,
                                                     const PromptEnvironment& environment);

// loadRuleFiles: the generic rules (<config_dir>/rules/ folders, else the first non-empty
// legacy rule file), with a leading newline; empty when there are none.
Expected<std::string, RuleFileError> load_rule_files(std::string_view cwd,
                                                     const PromptEnvironment& environment);

// loadAgentRulesFile: "# Agent Rules Standard (AGENTS.md):\n..." (or AGENT.md); errors ignored.
std::string load_agent_rules_file(std::string_view cwd);

// addCustomInstructions. Fails only when a legacy rule file exists but cannot be read, as the
// reference does.
Expected<std::string, RuleFileError> add_custom_instructions(
    std::string_view mode_custom_instructions, std::string_view global_custom_instructions,
    std::string_view cwd, std::string_view mode, const CustomInstructionsOptions& options,
    const PromptEnvironment& environment);

}  // namespace lapce_ai::prompts
