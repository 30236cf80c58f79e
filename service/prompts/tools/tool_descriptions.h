#pragma once

// The tool descriptions of src/core/prompts/tools/*.ts, one function per file. A description
// the reference returns as `undefined` is std::nullopt.

#include <optional>
#include <string>
#include <string_view>

#include "tool_args.h"

namespace lapce_ai::prompts {

// access-mcp-resource.ts (nullopt without an MCP hub)
std::optional<std::string> get_access_mcp_resource_description(const ToolArgs& args);
// ask-followup-question.ts
std::string get_ask_followup_question_description();
// attempt-completion.ts
std::string get_attempt_completion_description(const ToolArgs* args = nullptr);
// browser-action.ts (nullopt without computer use)
std::optional<std::string> get_browser_action_description(const ToolArgs& args);
// codebase-search.ts
std::string get_codebase_search_description(const ToolArgs& args);
// execute-command.ts
std::string get_execute_command_description(const ToolArgs& args);
// fetch-instructions.ts (undefined counts as true)
std::string get_fetch_instructions_description(std::optional<bool> enable_mcp_server_creation);
// generate-image.ts
std::string get_generate_image_description(const ToolArgs& args);
// insert-content.ts (prints cwd.toPosix())
std::string get_insert_content_description(const ToolArgs& args);
// list-code-definition-names.ts
std::string get_list_code_definition_names_description(const ToolArgs& args);
// list-files.ts
std::string get_list_files_description(const ToolArgs& args);
// new-task.ts
std::string get_new_task_description(const ToolArgs& args);
// read-file.ts
std::string get_read_file_description(const ToolArgs& args);
// run-slash-command.ts
std::string get_run_slash_command_description();
// search-and-replace.ts (prints cwd.toPosix())
std::string get_search_and_replace_description(const ToolArgs& args);
// search-files.ts
std::string get_search_files_description(const ToolArgs& args);
// simple-read-file.ts
std::string get_simple_read_file_description(const ToolArgs& args);
// switch-mode.ts
std::string get_switch_mode_description();
// update-todo-list.ts
std::string get_update_todo_list_description(const ToolArgs* args = nullptr);
// use-mcp-tool.ts (nullopt without an MCP hub)
std::optional<std::string> get_use_mcp_tool_description(const ToolArgs& args);
// write-to-file.ts
std::string get_write_to_file_description(const ToolArgs& args);

// packages/types/src/single-file-read-models.ts
bool should_use_single_file_read(std::string_view model_id);

// DiffStrategy.getToolDescription of src/core/diff/strategies/multi-search-replace.ts and
// multi-file-search-replace.ts (their toolOptions are unused).
std::string get_tool_description(const DiffStrategy& strategy, std::string_view cwd);

}  // namespace lapce_ai::prompts
