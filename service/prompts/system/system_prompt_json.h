#pragma once

// SystemPromptInput from a JSON settings file (the CLI's --settings). Keys are SYSTEM_PROMPT's
// parameter names (cwd, supportsComputerUse, diffStrategy, browserViewportSize, mode,
// customModePrompts, customModes, globalCustomInstructions, diffEnabled, experiments,
// enableMcpServerCreation, language, rooIgnoreInstructions, partialReadsEnabled, settings,
// modelId) plus:
//   "mcpServers": [...]   the MCP hub's servers in getServers() form (absent: no hub)
//   "codeIndex": {"isFeatureEnabled", "isFeatureConfigured", "isInitialized"}
//   "globalState": {"customModes": [...], "customModePrompts": {...}}   read by the MODES section
//   "profile": "roo" | "kilo"
// A key that is absent keeps its default; null makes it undefined.

#include <string>
#include <string_view>

#include "expected.h"
#include "system_prompt.h"

namespace lapce_ai::prompts {

struct SystemPromptRequestSettings {
    SystemPromptInput input;
    std::string profile;  // empty: the default profile
};

// What the editor passes when its settings are untouched (Task.getSystemPrompt with the state
// defaults of ClineProvider): diff on with the multi-search-replace strategy, viewport 900x600,
// MCP server creation on, partial reads off, no experiments, default settings.
SystemPromptInput editor_default_input();

Expected<SystemPromptRequestSettings, std::string> system_prompt_settings_from_json(
    std::string_view json_text, const SystemPromptInput& defaults);

}  // namespace lapce_ai::prompts
