#pragma once

// src/core/prompts/tools/index.ts: getToolDescriptionsForMode

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prompt_environment.h"
#include "prompt_types.h"

namespace lapce_ai::prompts {

// The "# Tools" part of the system prompt: the descriptions of the mode's tools (its groups'
// tools, then the always-available ones), without codebase_search unless the index is available,
// update_todo_list when the settings disable it, generate_image / run_slash_command unless their
// experiments are on, and without empty descriptions. nullptr / nullopt stand for undefined.
// Throws std::invalid_argument for a mode that is neither custom nor built in.
std::string get_tool_descriptions_for_mode(
    std::string_view mode, std::string_view cwd, bool supports_computer_use,
    const CodeIndexState* code_index_manager, const DiffStrategy* diff_strategy,
    const std::optional<std::string>& browser_viewport_size, const std::vector<McpServer>* mcp_hub,
    const std::vector<ModeConfig>* custom_modes, const Experiments* experiments,
    std::optional<bool> partial_reads_enabled, const SystemPromptSettings* settings,
    std::optional<bool> enable_mcp_server_creation, const std::optional<std::string>& model_id,
    const PromptEnvironment& environment);

}  // namespace lapce_ai::prompts
