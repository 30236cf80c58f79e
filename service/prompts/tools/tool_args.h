#pragma once

// src/core/prompts/tools/types.ts: ToolArgs, what every tool description reads.

#include <optional>
#include <string>
#include <vector>

#include "prompt_types.h"

namespace lapce_ai::prompts {

// The reference's `settings` of ToolArgs: the system prompt settings plus the two values
// getToolDescriptionsForMode adds. Settings left undefined read as the defaults (every reader
// compares them with their default: `?? 5`, `=== false`, `=== true`).
struct ToolSettings {
    SystemPromptSettings prompt;
    std::optional<bool> enable_mcp_server_creation;
    std::optional<std::string> model_id;
};

struct ToolArgs {
    std::string cwd;
    bool supports_computer_use = false;
    const DiffStrategy* diff_strategy = nullptr;       // nullptr: undefined
    std::optional<std::string> browser_viewport_size;  // printed as "undefined" when absent
    const std::vector<McpServer>* mcp_hub = nullptr;   // the hub's servers; nullptr: no hub
    std::optional<bool> partial_reads_enabled;
    ToolSettings settings;
    const Experiments* experiments = nullptr;
};

}  // namespace lapce_ai::prompts
