#pragma once

// The sections of the system prompt (src/core/prompts/sections/). A pointer parameter stands for
// an optional object of the reference (nullptr = undefined); std::optional for an optional value.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prompt_environment.h"
#include "prompt_types.h"

namespace lapce_ai::prompts {

// sections/markdown-formatting.ts markdownFormattingSection
std::string markdown_formatting_section();

// sections/tool-use.ts getSharedToolUseSection
std::string get_shared_tool_use_section();

// sections/tool-use-guidelines.ts getToolUseGuidelinesSection
std::string get_tool_use_guidelines_section(const CodeIndexState* code_index_manager = nullptr);

// sections/mcp-servers.ts getMcpServersSection; mcp_hub is the hub's getServers() list.
std::string get_mcp_servers_section(const std::vector<McpServer>* mcp_hub = nullptr,
                                    const DiffStrategy* diff_strategy = nullptr,
                                    std::optional<bool> enable_mcp_server_creation = std::nullopt);

// sections/capabilities.ts getCapabilitiesSection
std::string get_capabilities_section(std::string_view cwd, bool supports_computer_use,
                                     const std::vector<McpServer>* mcp_hub = nullptr,
                                     const DiffStrategy* diff_strategy = nullptr,
                                     const CodeIndexState* code_index_manager = nullptr);

// sections/rules.ts getRulesSection
std::string get_rules_section(std::string_view cwd, bool supports_computer_use,
                              const DiffStrategy* diff_strategy = nullptr,
                              const CodeIndexState* code_index_manager = nullptr);

// sections/system-info.ts getSystemInfoSection (OS name, shell and home from the environment)
std::string get_system_info_section(std::string_view cwd, const PromptEnvironment& environment);

// sections/objective.ts getObjectiveSection (the reference ignores experiments_config)
std::string get_objective_section(const CodeIndexState* code_index_manager = nullptr,
                                  const Experiments* experiments_config = nullptr);

}  // namespace lapce_ai::prompts
