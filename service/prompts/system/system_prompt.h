#pragma once

// src/core/prompts/system.ts: the system prompt sent with every request.

#include <optional>
#include <string>
#include <vector>

#include "expected.h"
#include "instructions/rule_file_reader.h"
#include "prompt_environment.h"
#include "prompt_types.h"

namespace lapce_ai::prompts {

// SYSTEM_PROMPT's positional parameters, by name (todoList is accepted by the reference and
// never read, so it is left out). `context` is what the MODES section reads from the editor's
// global state; `code_index` is what CodeIndexManager.getInstance(context, cwd) reports.
struct SystemPromptInput {
    ExtensionState context;
    std::string cwd;
    bool supports_computer_use = false;
    std::optional<std::vector<McpServer>> mcp_hub;
    std::optional<DiffStrategy> diff_strategy;
    std::optional<std::string> browser_viewport_size;
    std::optional<std::string> mode;  // undefined: the default mode
    std::optional<CustomModePrompts> custom_mode_prompts;
    std::optional<std::vector<ModeConfig>> custom_modes;
    std::optional<std::string> global_custom_instructions;
    std::optional<bool> diff_enabled;
    std::optional<Experiments> experiments;
    std::optional<bool> enable_mcp_server_creation;
    std::optional<std::string> language;
    std::optional<std::string> roo_ignore_instructions;
    std::optional<bool> partial_reads_enabled;
    std::optional<SystemPromptSettings> settings;
    std::optional<std::string> model_id;
    CodeIndexState code_index;
};

// getPromptComponent: customModePrompts[mode] unless it is missing or empty.
const PromptComponent* get_prompt_component(
    const std::optional<CustomModePrompts>& custom_mode_prompts, std::string_view mode);

// SYSTEM_PROMPT: the `<config_dir>/system-prompt-<mode>` file override when present, otherwise
// the generated prompt. Fails where the reference's promise rejects: a rule or prompt file that
// exists but cannot be read. An MCP server whose config the reference cannot read throws
// std::invalid_argument.
Expected<std::string, RuleFileError> system_prompt(const SystemPromptInput& input,
                                                   const PromptEnvironment& environment);

}  // namespace lapce_ai::prompts
