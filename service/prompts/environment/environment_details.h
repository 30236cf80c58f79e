#pragma once

// src/core/environment/getEnvironmentDetails.ts: the <environment_details> block added to every
// user message. What the reference reads from VS Code, the task and the provider's state comes
// in as EnvironmentDetailsInput; the function itself reads nothing. The caller does the
// reference's side effects around it (waiting for busy terminals to cool down, clearing the
// recently-modified list and the terminals' completed-process queues).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "environment/api_metrics.h"
#include "environment/environment_clock.h"
#include "environment/todo_item.h"
#include "expected.h"
#include "instructions/rule_file_reader.h"
#include "prompt_environment.h"
#include "prompt_types.h"
#include "responses/file_access.h"

namespace lapce_ai::prompts {

// A terminal with a running process (TerminalRegistry busy terminals of the task, then the
// background ones).
struct BusyTerminal {
    std::int64_t id = 0;
    std::string cwd;                 // getCurrentWorkingDirectory()
    std::string last_command;        // getLastCommand()
    std::string unretrieved_output;  // TerminalRegistry.getUnretrievedOutput(id)
};

struct CompletedProcessOutput {
    std::string command;
    std::string unretrieved_output;
};

// An inactive terminal and its completed processes that still hold output.
struct InactiveTerminal {
    std::int64_t id = 0;
    std::string cwd;
    std::vector<CompletedProcessOutput> processes_with_output;  // getProcessesWithOutput()
};

// listFiles(cwd, recursive, limit): absolute paths (directories end with '/') and whether the
// limit was hit.
using ListFilesFn = std::function<std::pair<std::vector<std::string>, bool>(
    std::string_view cwd, bool recursive, int limit)>;

struct EnvironmentDetailsInput {
    std::string cwd;  // the task's cwd

    // Editor and task.
    std::vector<std::string> visible_file_paths;  // fsPath of each visible text editor
    std::vector<std::string> open_tab_paths;      // fsPath of each text tab, all groups in order
    std::vector<std::string> recently_modified_files;  // getAndClearRecentlyModifiedFiles()
    std::vector<BusyTerminal> busy_terminals;
    std::vector<InactiveTerminal> inactive_terminals;
    ListFilesFn list_files;
    const RooIgnoreAccess* roo_ignore_controller = nullptr;  // borrowed; may be absent
    std::vector<ClineMessage> cline_messages;
    std::string model_id;  // api.getModel().id
    std::optional<std::vector<TodoItem>> todo_list;
    EnvironmentClock clock;

    // Provider state, with the reference's defaults.
    std::optional<std::string> mode;  // undefined: defaultModeSlug
    std::vector<ModeConfig> custom_modes;
    CustomModePrompts custom_mode_prompts;
    Experiments experiments;
    std::optional<std::string> global_custom_instructions;  // state.customInstructions
    std::string language;  // state.language ?? formatLanguage(vscode.env.language)
    int terminal_output_line_limit = 500;
    int terminal_output_character_limit = 50'000;
    bool terminal_compress_progress_bar = true;  // BaseTerminal.compressProgressBar
    int max_workspace_files = 200;
    int max_open_tabs_context = 20;
    bool show_roo_ignored_files = false;
    std::optional<bool> todo_list_enabled;  // state.apiConfiguration.todoListEnabled
};

// getEnvironmentDetails. The Current Mode section comes from getFullModeDetails with the task's
// cwd, which reads the rule files as addCustomInstructions does (the built-in modes are those of
// environment.profile); a rule file that exists but cannot be read is the error.
Expected<std::string, RuleFileError> get_environment_details(const EnvironmentDetailsInput& input,
                                                             bool include_file_details,
                                                             const PromptEnvironment& environment);

}  // namespace lapce_ai::prompts
