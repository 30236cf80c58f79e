#pragma once

// src/core/prompts/sections/modes.ts

#include <string>

#include "prompt_environment.h"
#include "prompt_types.h"

namespace lapce_ai::prompts {

// getModesSection: the MODES section, listing every mode as getAllModesWithPrompts gives it.
// (The reference also creates <globalStorage>/settings; that has no effect on the text.)
std::string get_modes_section(const ExtensionState& state, const PromptEnvironment& environment);

}  // namespace lapce_ai::prompts
