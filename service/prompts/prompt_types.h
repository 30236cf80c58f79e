#pragma once

// Inputs of the prompt layer, mirroring the reference's TypeScript types. An optional member
// stands for a value the reference may leave `undefined`; where the reference prints such a
// value the text says "undefined", so the difference matters.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lapce_ai::prompts {

// packages/types/src/mode.ts: GroupOptions / GroupEntry / ModeConfig / PromptComponent.
struct GroupOptions {
    std::optional<std::string> file_regex;
    std::optional<std::string> description;
};

struct GroupEntry {
    std::string name;  // read, edit, browser, command, mcp, modes
    std::optional<GroupOptions> options;
};

struct ModeConfig {
    std::string slug;
    std::string name;
    std::string role_definition;
    std::optional<std::string> when_to_use;
    std::optional<std::string> description;
    std::optional<std::string> custom_instructions;
    std::vector<GroupEntry> groups;
    std::optional<std::string> source;  // "global" or "project"
};

struct PromptComponent {
    std::optional<std::string> role_definition;
    std::optional<std::string> when_to_use;
    std::optional<std::string> description;
    std::optional<std::string> custom_instructions;

    // The reference's isEmpty(component): an object without keys.
    bool empty() const {
        return !role_definition && !when_to_use && !description && !custom_instructions;
    }
};

using CustomModePrompts = std::map<std::string, PromptComponent, std::less<>>;

// src/core/prompts/types.ts
struct SystemPromptSettings {
    int max_concurrent_file_reads = 5;
    bool todo_list_enabled = true;
    bool use_agent_rules = true;
    bool new_task_require_todos = false;
};

// Record<string, boolean>; a missing key reads as undefined (falsy).
struct Experiments {
    std::map<std::string, bool, std::less<>> flags;

    bool enabled(std::string_view id) const {
        auto it = flags.find(id);
        return it != flags.end() && it->second;
    }
};

// The McpHub's view of a server (src/shared/mcp.ts), as getServers() returns it.
struct McpTool {
    std::string name;
    std::optional<std::string> description;
    // The tool's JSON schema as JSON text; its key order is kept (the prompt prints it).
    std::optional<std::string> input_schema_json;
    std::optional<bool> enabled_for_prompt;
};

struct McpResourceTemplate {
    std::string uri_template;
    std::string name;
    std::optional<std::string> description;
};

struct McpResource {
    std::string uri;
    std::string name;
    std::optional<std::string> description;
};

struct McpServer {
    std::string name;
    std::string config_json;  // the server's configuration as a JSON string
    std::string status;       // connected, connecting, disconnected
    bool disabled = false;
    std::optional<std::string> instructions;
    std::vector<McpTool> tools;
    std::vector<McpResourceTemplate> resource_templates;
    std::vector<McpResource> resources;
};

// The reference's DiffStrategy classes; both describe apply_diff differently.
enum class DiffStrategyKind { MultiSearchReplace, MultiFileSearchReplace };

struct DiffStrategy {
    DiffStrategyKind kind = DiffStrategyKind::MultiSearchReplace;
    double fuzzy_threshold = 1.0;
};

// CodeIndexManager: codebase search is available when all three hold.
struct CodeIndexState {
    bool feature_enabled = false;
    bool feature_configured = false;
    bool initialized = false;

    bool available() const { return feature_enabled && feature_configured && initialized; }
};

// What the MODES section reads from vscode.ExtensionContext.globalState.
struct ExtensionState {
    std::vector<ModeConfig> custom_modes;
    CustomModePrompts custom_mode_prompts;
};

}  // namespace lapce_ai::prompts
