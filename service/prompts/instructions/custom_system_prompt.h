#pragma once

// src/core/prompts/sections/custom-system-prompt.ts: the per-mode system prompt file
// (<cwd>/<config_dir>/system-prompt-<mode>) that replaces the generated prompt.

#include <optional>
#include <string>
#include <string_view>

#include "expected.h"
#include "prompt_environment.h"
#include "rule_file_reader.h"

namespace lapce_ai::prompts {

// PromptVariables; an unset variable leaves its {{placeholder}} as it is.
struct PromptVariables {
    std::optional<std::string> workspace;
    std::optional<std::string> mode;
    std::optional<std::string> language;
    std::optional<std::string> shell;
    std::optional<std::string> operating_system;
};

// interpolatePromptContent: every {{workspace}}, {{mode}}, {{language}}, {{shell}} and
// {{operatingSystem}} replaced, in that order, by String.replace with a global pattern: the
// value's $$, $&, $` and $' are expanded as JavaScript does.
std::string interpolate_prompt_content(std::string_view content, const PromptVariables& variables);

// getSystemPromptFilePath
std::string get_system_prompt_file_path(std::string_view cwd, std::string_view mode,
                                        const PromptEnvironment& environment);

// loadSystemPromptFile: the file's trimmed, interpolated text; "" when it is missing or blank.
Expected<std::string, RuleFileError> load_system_prompt_file(std::string_view cwd,
                                                             std::string_view mode,
                                                             const PromptVariables& variables,
                                                             const PromptEnvironment& environment);

}  // namespace lapce_ai::prompts
