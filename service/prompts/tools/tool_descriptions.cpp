#include "tool_descriptions.h"

#include "js_string.h"
#include "prompt_texts.h"

namespace lapce_ai::prompts {
namespace {

std::string with_cwd(std::string_view name, std::string_view cwd) {
    return render_prompt_text(name, TemplateValues().set("cwd", cwd));
}

}  // namespace

std::optional<std::string> get_access_mcp_resource_description(const ToolArgs& args) {
    if (!args.mcp_hub) return std::nullopt;
    return render_prompt_text("tools/access_mcp_resource");
}

std::string get_ask_followup_question_description() {
    return render_prompt_text("tools/ask_followup_question");
}

std::string get_attempt_completion_description(const ToolArgs* /*args*/) {
    return render_prompt_text("tools/attempt_completion");
}

std::optional<std::string> get_browser_action_description(const ToolArgs& args) {
    if (!args.supports_computer_use) return std::nullopt;
    return render_prompt_text(
        "tools/browser_action",
        TemplateValues().set("browser_viewport_size",
                             args.browser_viewport_size.value_or("undefined")));
}

std::string get_codebase_search_description(const ToolArgs& args) {
    return with_cwd("tools/codebase_search", args.cwd);
}

std::string get_execute_command_description(const ToolArgs& args) {
    return with_cwd("tools/execute_command", args.cwd);
}

std::string get_fetch_instructions_description(std::optional<bool> enable_mcp_server_creation) {
    return render_prompt_text(
        "tools/fetch_instructions",
        TemplateValues().flag("mcp_server_creation", enable_mcp_server_creation != false));
}

std::string get_generate_image_description(const ToolArgs& args) {
    return with_cwd("tools/generate_image", args.cwd);
}

std::string get_insert_content_description(const ToolArgs& args) {
    return with_cwd("tools/insert_content", to_posix(args.cwd));
}

std::string get_list_code_definition_names_description(const ToolArgs& args) {
    return with_cwd("tools/list_code_definition_names", args.cwd);
}

std::string get_list_files_description(const ToolArgs& args) {
    return with_cwd("tools/list_files", args.cwd);
}

std::string get_new_task_description(const ToolArgs& args) {
    return render_prompt_text(args.settings.prompt.new_task_require_todos
                                  ? "tools/new_task_with_todos"
                                  : "tools/new_task");
}

std::string get_read_file_description(const ToolArgs& args) {
    const int max_concurrent_reads = args.settings.prompt.max_concurrent_file_reads;
    const std::string max_reads = std::to_string(max_concurrent_reads);
    return render_prompt_text("tools/read_file",
                              TemplateValues()
                                  .set("cwd", args.cwd)
                                  .set("max_reads", max_reads)
                                  .flag("multiple", max_concurrent_reads > 1)
                                  .flag("partial", args.partial_reads_enabled.value_or(false)));
}

std::string get_run_slash_command_description() {
    return render_prompt_text("tools/run_slash_command");
}

std::string get_search_and_replace_description(const ToolArgs& args) {
    return with_cwd("tools/search_and_replace", to_posix(args.cwd));
}

std::string get_search_files_description(const ToolArgs& args) {
    return with_cwd("tools/search_files", args.cwd);
}

std::string get_simple_read_file_description(const ToolArgs& args) {
    return with_cwd("tools/simple_read_file", args.cwd);
}

std::string get_switch_mode_description() {
    return render_prompt_text("tools/switch_mode");
}

std::string get_update_todo_list_description(const ToolArgs* /*args*/) {
    return render_prompt_text("tools/update_todo_list");
}

std::optional<std::string> get_use_mcp_tool_description(const ToolArgs& args) {
    if (!args.mcp_hub) return std::nullopt;
    return render_prompt_text("tools/use_mcp_tool");
}

std::string get_write_to_file_description(const ToolArgs& args) {
    return with_cwd("tools/write_to_file", args.cwd);
}

bool should_use_single_file_read(std::string_view model_id) {
    return model_id.find("grok-code-fast-1") != std::string_view::npos ||
           model_id.find("code-supernova") != std::string_view::npos;
}

std::string get_tool_description(const DiffStrategy& strategy, std::string_view cwd) {
    switch (strategy.kind) {
        case DiffStrategyKind::MultiFileSearchReplace:
            return with_cwd("tools/apply_diff_multi_file_search_replace", cwd);
        case DiffStrategyKind::MultiSearchReplace:
            break;
    }
    return with_cwd("tools/apply_diff_multi_search_replace", cwd);
}

}  // namespace lapce_ai::prompts
