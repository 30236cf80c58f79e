#include "environment_details_proto.h"

#include <algorithm>

#include "instructions/language.h"
#include "node_path.h"
#include "prompt_proto.h"

namespace lapce_ai::prompts {
namespace {

namespace pb = ipc::proto;

void to_proto(const ClineMessage& message, pb::ClineMessage& out) {
    out.set_type(message.type);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(message, out, say);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(message, out, text);
    if (message.context_condense) {
        pb::ContextCondense* condense = out.mutable_context_condense();
        LAPCE_AI_COPY_OPTIONAL_TO_PROTO(*message.context_condense, *condense, cost);
        LAPCE_AI_COPY_OPTIONAL_TO_PROTO(*message.context_condense, *condense, new_context_tokens);
    }
}

ClineMessage from_proto(const pb::ClineMessage& message) {
    ClineMessage out;
    out.type = message.type();
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(message, out, say);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(message, out, text);
    if (message.has_context_condense()) {
        ContextCondense condense;
        LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(message.context_condense(), condense, cost);
        LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(message.context_condense(), condense, new_context_tokens);
        out.context_condense = condense;
    }
    return out;
}

void terminals_to_proto(const EnvironmentDetailsInput& input,
                        pb::GetEnvironmentDetailsRequest& out) {
    for (const BusyTerminal& terminal : input.busy_terminals) {
        pb::BusyTerminal* entry = out.add_busy_terminals();
        entry->set_id(terminal.id);
        entry->set_cwd(terminal.cwd);
        entry->set_last_command(terminal.last_command);
        entry->set_unretrieved_output(terminal.unretrieved_output);
    }
    for (const InactiveTerminal& terminal : input.inactive_terminals) {
        pb::InactiveTerminal* entry = out.add_inactive_terminals();
        entry->set_id(terminal.id);
        entry->set_cwd(terminal.cwd);
        for (const CompletedProcessOutput& process : terminal.processes_with_output) {
            pb::CompletedProcessOutput* output = entry->add_processes_with_output();
            output->set_command(process.command);
            output->set_unretrieved_output(process.unretrieved_output);
        }
    }
}

void terminals_from_proto(const pb::GetEnvironmentDetailsRequest& request,
                          EnvironmentDetailsInput& input) {
    for (const pb::BusyTerminal& terminal : request.busy_terminals()) {
        input.busy_terminals.push_back({terminal.id(), terminal.cwd(), terminal.last_command(),
                                        terminal.unretrieved_output()});
    }
    for (const pb::InactiveTerminal& terminal : request.inactive_terminals()) {
        InactiveTerminal inactive{terminal.id(), terminal.cwd(), {}};
        for (const pb::CompletedProcessOutput& process : terminal.processes_with_output()) {
            inactive.processes_with_output.push_back(
                {process.command(), process.unretrieved_output()});
        }
        input.inactive_terminals.push_back(std::move(inactive));
    }
}

// The paths among `paths` that `access` blocks, each once, in order.
void add_blocked(const RooIgnoreAccess& access, const std::vector<std::string>& paths,
                 pb::RooIgnoreAnswers& out) {
    for (const std::string& path : paths) {
        if (access.validate_access(path)) continue;
        const auto& known = out.ignored_paths();
        if (std::find(known.begin(), known.end(), path) == known.end()) out.add_ignored_paths(path);
    }
}

}  // namespace

ListedRooIgnore::ListedRooIgnore(std::string cwd, const std::vector<std::string>& ignored_paths)
    : cwd_(std::move(cwd)), ignored_(ignored_paths) {
    for (const std::string& path : ignored_) resolved_ignored_.push_back(resolved(path));
}

std::string ListedRooIgnore::resolved(std::string_view path) const {
    return node_path::resolve({cwd_, path});
}

bool ListedRooIgnore::validate_access(std::string_view path) const {
    const std::string absolute = resolved(path);
    return std::find(resolved_ignored_.begin(), resolved_ignored_.end(), absolute) ==
           resolved_ignored_.end();
}

pb::GetEnvironmentDetailsRequest to_proto(const EnvironmentDetailsInput& input,
                                          bool include_file_details, const std::string& profile) {
    pb::GetEnvironmentDetailsRequest request;
    request.set_cwd(input.cwd);
    for (const std::string& path : input.visible_file_paths) request.add_visible_file_paths(path);
    for (const std::string& path : input.open_tab_paths) request.add_open_tab_paths(path);
    for (const std::string& path : input.recently_modified_files)
        request.add_recently_modified_files(path);
    terminals_to_proto(input, request);

    std::vector<std::string> listed;
    if (include_file_details && input.max_workspace_files != 0 && input.list_files) {
        auto [files, did_hit_limit] = input.list_files(input.cwd, true, input.max_workspace_files);
        pb::FileListResult* file_list = request.mutable_file_list();
        for (const std::string& file : files) file_list->add_files(file);
        file_list->set_did_hit_limit(did_hit_limit);
        listed = std::move(files);
    }
    if (input.roo_ignore_controller) {
        pb::RooIgnoreAnswers* answers = request.mutable_roo_ignore();
        add_blocked(*input.roo_ignore_controller, input.visible_file_paths, *answers);
        add_blocked(*input.roo_ignore_controller, input.open_tab_paths, *answers);
        add_blocked(*input.roo_ignore_controller, listed, *answers);
    }

    for (const ClineMessage& message : input.cline_messages)
        to_proto(message, *request.add_cline_messages());
    request.set_model_id(input.model_id);
    if (input.todo_list) {
        pb::TodoList* todo_list = request.mutable_todo_list();
        for (const TodoItem& item : *input.todo_list) {
            pb::TodoItem* entry = todo_list->add_items();
            entry->set_id(item.id);
            entry->set_content(item.content);
            entry->set_status(item.status);
        }
    }
    request.mutable_clock()->set_epoch_ms(input.clock.epoch_ms);
    request.mutable_clock()->set_time_zone(input.clock.time_zone);

    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, mode);
    for (const ModeConfig& mode : input.custom_modes) to_proto(mode, *request.add_custom_modes());
    to_proto(input.custom_mode_prompts, *request.mutable_custom_mode_prompts());
    to_proto(input.experiments, *request.mutable_experiments());
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, global_custom_instructions);
    request.set_language(input.language);
    request.set_terminal_output_line_limit(input.terminal_output_line_limit);
    request.set_terminal_output_character_limit(input.terminal_output_character_limit);
    request.set_terminal_compress_progress_bar(input.terminal_compress_progress_bar);
    request.set_max_workspace_files(input.max_workspace_files);
    request.set_max_open_tabs_context(input.max_open_tabs_context);
    request.set_show_roo_ignored_files(input.show_roo_ignored_files);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, todo_list_enabled);
    request.set_include_file_details(include_file_details);
    request.set_profile(profile);
    return request;
}

Expected<EnvironmentDetailsRequest, std::string> environment_details_request_from_proto(
    const pb::GetEnvironmentDetailsRequest& request, const PromptEnvironment& environment) {
    EnvironmentDetailsRequest result;
    EnvironmentDetailsInput& input = result.input;
    input.cwd = request.cwd();
    input.visible_file_paths.assign(request.visible_file_paths().begin(),
                                    request.visible_file_paths().end());
    input.open_tab_paths.assign(request.open_tab_paths().begin(), request.open_tab_paths().end());
    input.recently_modified_files.assign(request.recently_modified_files().begin(),
                                         request.recently_modified_files().end());
    terminals_from_proto(request, input);

    input.list_files = [files = std::vector<std::string>(request.file_list().files().begin(),
                                                         request.file_list().files().end()),
                        did_hit_limit = request.file_list().did_hit_limit()](std::string_view, bool,
                                                                             int) {
        return std::make_pair(files, did_hit_limit);
    };
    if (request.has_roo_ignore()) {
        result.roo_ignore = std::make_unique<ListedRooIgnore>(
            input.cwd, std::vector<std::string>(request.roo_ignore().ignored_paths().begin(),
                                                request.roo_ignore().ignored_paths().end()));
        input.roo_ignore_controller = result.roo_ignore.get();
    }

    for (const pb::ClineMessage& message : request.cline_messages())
        input.cline_messages.push_back(from_proto(message));
    input.model_id = request.model_id();
    if (request.has_todo_list()) {
        input.todo_list.emplace();
        for (const pb::TodoItem& item : request.todo_list().items())
            input.todo_list->push_back({item.id(), item.content(), item.status()});
    }
    if (request.has_clock()) {
        auto clock = environment_clock_at(request.clock().epoch_ms(), request.clock().time_zone());
        if (!clock) return unexpected("unknown time zone '" + request.clock().time_zone() + "'");
        input.clock = *clock;
    } else {
        input.clock = current_environment_clock();
    }

    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, mode);
    for (const pb::ModeConfig& mode : request.custom_modes())
        input.custom_modes.push_back(from_proto(mode));
    input.custom_mode_prompts = from_proto(request.custom_mode_prompts());
    input.experiments = from_proto(request.experiments());
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, global_custom_instructions);
    input.language =
        request.has_language() ? request.language() : format_language(environment.editor_language);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, terminal_output_line_limit);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, terminal_output_character_limit);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, terminal_compress_progress_bar);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, max_workspace_files);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, max_open_tabs_context);
    input.show_roo_ignored_files = request.show_roo_ignored_files();
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, todo_list_enabled);
    result.include_file_details = request.include_file_details();
    result.profile = request.profile();
    return result;
}

}  // namespace lapce_ai::prompts
