#include "tool_descriptions_for_mode.h"

#include <algorithm>

#include "modes/modes.h"
#include "tool_descriptions.h"
#include "tool_groups.h"

namespace lapce_ai::prompts {
namespace {

// toolDescriptionMap of index.ts; nullopt for a tool without a description (or an undefined one).
std::optional<std::string> describe_tool(std::string_view tool, const ToolArgs& args) {
    if (tool == "execute_command") return get_execute_command_description(args);
    if (tool == "read_file") {
        const auto& model_id = args.settings.model_id;
        if (model_id && !model_id->empty() && should_use_single_file_read(*model_id)) {
            return get_simple_read_file_description(args);
        }
        return get_read_file_description(args);
    }
    if (tool == "fetch_instructions") {
        return get_fetch_instructions_description(args.settings.enable_mcp_server_creation);
    }
    if (tool == "write_to_file") return get_write_to_file_description(args);
    if (tool == "search_files") return get_search_files_description(args);
    if (tool == "list_files") return get_list_files_description(args);
    if (tool == "list_code_definition_names") {
        return get_list_code_definition_names_description(args);
    }
    if (tool == "browser_action") return get_browser_action_description(args);
    if (tool == "ask_followup_question") return get_ask_followup_question_description();
    if (tool == "attempt_completion") return get_attempt_completion_description(&args);
    if (tool == "use_mcp_tool") return get_use_mcp_tool_description(args);
    if (tool == "access_mcp_resource") return get_access_mcp_resource_description(args);
    if (tool == "codebase_search") return get_codebase_search_description(args);
    if (tool == "switch_mode") return get_switch_mode_description();
    if (tool == "new_task") return get_new_task_description(args);
    if (tool == "insert_content") return get_insert_content_description(args);
    if (tool == "search_and_replace") return get_search_and_replace_description(args);
    if (tool == "apply_diff") {
        return args.diff_strategy ? get_tool_description(*args.diff_strategy, args.cwd)
                                  : std::string();
    }
    if (tool == "update_todo_list") return get_update_todo_list_description(&args);
    if (tool == "run_slash_command") return get_run_slash_command_description();
    if (tool == "generate_image") return get_generate_image_description(args);
    return std::nullopt;
}

// A Set<string>: insertion order, no repeats.
class OrderedToolSet {
  public:
    void add(std::string_view tool) {
        if (std::find(tools_.begin(), tools_.end(), tool) == tools_.end()) tools_.push_back(tool);
    }
    void remove(std::string_view tool) { std::erase(tools_, tool); }
    const std::vector<std::string_view>& items() const { return tools_; }

  private:
    std::vector<std::string_view> tools_;
};

}  // namespace

std::string get_tool_descriptions_for_mode(
    std::string_view mode, std::string_view cwd, bool supports_computer_use,
    const CodeIndexState* code_index_manager, const DiffStrategy* diff_strategy,
    const std::optional<std::string>& browser_viewport_size, const std::vector<McpServer>* mcp_hub,
    const std::vector<ModeConfig>* custom_modes, const Experiments* experiments,
    std::optional<bool> partial_reads_enabled, const SystemPromptSettings* settings,
    std::optional<bool> enable_mcp_server_creation, const std::optional<std::string>& model_id,
    const PromptEnvironment& environment) {
    const IdentityProfile& profile = environment.profile;
    const ModeConfig& config = get_mode_config(mode, custom_modes, profile);

    ToolArgs args;
    args.cwd = std::string(cwd);
    args.supports_computer_use = supports_computer_use;
    args.diff_strategy = diff_strategy;
    args.browser_viewport_size = browser_viewport_size;
    args.mcp_hub = mcp_hub;
    args.partial_reads_enabled = partial_reads_enabled;
    if (settings) args.settings.prompt = *settings;
    args.settings.enable_mcp_server_creation = enable_mcp_server_creation;
    args.settings.model_id = model_id;
    args.experiments = experiments;

    const std::vector<ModeConfig> no_custom_modes;
    const Experiments no_experiments;
    OrderedToolSet tools;
    for (const GroupEntry& group : config.groups) {
        const ToolGroupConfig* tool_group = find_tool_group(get_group_name(group));
        if (!tool_group) continue;
        for (std::string_view tool : tool_group->tools) {
            if (is_tool_allowed_for_mode(tool, mode, custom_modes ? *custom_modes : no_custom_modes,
                                         nullptr, nullptr,
                                         experiments ? experiments : &no_experiments, profile)) {
                tools.add(tool);
            }
        }
    }
    for (std::string_view tool : kAlwaysAvailableTools) tools.add(tool);

    if (!code_index_manager || !code_index_manager->available()) tools.remove("codebase_search");
    if (settings && !settings->todo_list_enabled) tools.remove("update_todo_list");
    if (!experiments || !experiments->enabled("imageGeneration")) tools.remove("generate_image");
    if (!experiments || !experiments->enabled("runSlashCommand")) {
        tools.remove("run_slash_command");
    }

    std::vector<std::string> descriptions;
    std::size_t size = 0;
    for (std::string_view tool : tools.items()) {
        std::optional<std::string> description = describe_tool(tool, args);
        if (!description || description->empty()) continue;
        size += description->size() + 2;
        descriptions.push_back(std::move(*description));
    }
    std::string result = "# Tools\n\n";
    result.reserve(result.size() + size);
    for (std::size_t i = 0; i < descriptions.size(); ++i) {
        if (i > 0) result += "\n\n";
        result += descriptions[i];
    }
    return result;
}

}  // namespace lapce_ai::prompts
