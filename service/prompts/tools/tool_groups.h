#pragma once

// src/shared/tools.ts: TOOL_GROUPS and ALWAYS_AVAILABLE_TOOLS.

#include <array>
#include <span>
#include <string_view>

namespace lapce_ai::prompts {

struct ToolGroupConfig {
    std::string_view name;
    std::span<const std::string_view> tools;
    // Always available, so not shown in the prompts view.
    bool always_available = false;
};

namespace tool_group_tables {
inline constexpr std::array<std::string_view, 6> kRead = {
    "read_file",  "fetch_instructions",         "search_files",
    "list_files", "list_code_definition_names", "codebase_search"};
inline constexpr std::array<std::string_view, 5> kEdit = {
    "apply_diff", "write_to_file", "insert_content", "search_and_replace", "generate_image"};
inline constexpr std::array<std::string_view, 1> kBrowser = {"browser_action"};
inline constexpr std::array<std::string_view, 1> kCommand = {"execute_command"};
inline constexpr std::array<std::string_view, 2> kMcp = {"use_mcp_tool", "access_mcp_resource"};
inline constexpr std::array<std::string_view, 2> kModes = {"switch_mode", "new_task"};
}  // namespace tool_group_tables

// TOOL_GROUPS, in the reference's key order.
inline constexpr std::array<ToolGroupConfig, 6> kToolGroups = {{
    {"read", tool_group_tables::kRead},
    {"edit", tool_group_tables::kEdit},
    {"browser", tool_group_tables::kBrowser},
    {"command", tool_group_tables::kCommand},
    {"mcp", tool_group_tables::kMcp},
    {"modes", tool_group_tables::kModes, true},
}};

// ALWAYS_AVAILABLE_TOOLS, in order.
inline constexpr std::array<std::string_view, 6> kAlwaysAvailableTools = {
    "ask_followup_question", "attempt_completion", "switch_mode", "new_task",
    "update_todo_list",      "run_slash_command"};

// TOOL_GROUPS[name]; nullptr for a name that is not a group.
constexpr const ToolGroupConfig* find_tool_group(std::string_view name) {
    for (const ToolGroupConfig& group : kToolGroups) {
        if (group.name == name) return &group;
    }
    return nullptr;
}

constexpr bool contains_tool(std::span<const std::string_view> tools, std::string_view tool) {
    for (std::string_view entry : tools) {
        if (entry == tool) return true;
    }
    return false;
}

}  // namespace lapce_ai::prompts
