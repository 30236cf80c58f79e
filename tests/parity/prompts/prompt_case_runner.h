#pragma once

// A runner turns one golden prompt case into the text our code builds. Runners register from
// their own files for a category folder of ../shared/golden/prompts and, optionally, for the
// cases whose "function" starts with a prefix (the longest matching prefix wins):
//   const bool registered = register_prompt_case_runner("sections", "getModesSection", &run);
// A runner throws std::exception when the case cannot be built.

#include <string>
#include <vector>

#include "golden_case.h"
#include "prompt_environment.h"

namespace lapce_ai::parity {

using PromptCaseRunner = std::string (*)(const GoldenCase&, const VirtualFilesystem&,
                                         const prompts::PromptEnvironment&);

bool register_prompt_case_runner(const char* category, const char* function_prefix,
                                 PromptCaseRunner runner);
PromptCaseRunner find_prompt_case_runner(const GoldenCase& golden_case);

// The environment the case pins (home mapped to its fixture), with the given identity profile.
prompts::PromptEnvironment pinned_environment(const GoldenCase& golden_case,
                                              const VirtualFilesystem& filesystem,
                                              const prompts::IdentityProfile& profile);

// Small readers for case arguments (null means undefined).
std::optional<std::string> optional_string(const QJsonValue& value);
std::optional<bool> optional_bool(const QJsonValue& value);
std::string text_of(const QJsonValue& value);  // "" when not a string
std::vector<std::string> strings_of(const QJsonValue& value);

}  // namespace lapce_ai::parity
