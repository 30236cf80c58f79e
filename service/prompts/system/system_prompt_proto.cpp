#include "system_prompt_proto.h"

#include "prompt_proto.h"

namespace lapce_ai::prompts {
namespace {

namespace pb = ipc::proto;

void to_proto(const McpServer& server, pb::McpServer& out) {
    out.set_name(server.name);
    out.set_config_json(server.config_json);
    out.set_status(server.status);
    out.set_disabled(server.disabled);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(server, out, instructions);
    for (const McpTool& tool : server.tools) {
        pb::McpTool* entry = out.add_tools();
        entry->set_name(tool.name);
        LAPCE_AI_COPY_OPTIONAL_TO_PROTO(tool, *entry, description);
        LAPCE_AI_COPY_OPTIONAL_TO_PROTO(tool, *entry, input_schema_json);
        LAPCE_AI_COPY_OPTIONAL_TO_PROTO(tool, *entry, enabled_for_prompt);
    }
    for (const McpResourceTemplate& resource_template : server.resource_templates) {
        pb::McpResourceTemplate* entry = out.add_resource_templates();
        entry->set_uri_template(resource_template.uri_template);
        entry->set_name(resource_template.name);
        LAPCE_AI_COPY_OPTIONAL_TO_PROTO(resource_template, *entry, description);
    }
    for (const McpResource& resource : server.resources) {
        pb::McpResource* entry = out.add_resources();
        entry->set_uri(resource.uri);
        entry->set_name(resource.name);
        LAPCE_AI_COPY_OPTIONAL_TO_PROTO(resource, *entry, description);
    }
}

McpServer from_proto(const pb::McpServer& server) {
    McpServer out;
    out.name = server.name();
    out.config_json = server.config_json();
    out.status = server.status();
    out.disabled = server.disabled();
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(server, out, instructions);
    for (const pb::McpTool& tool : server.tools()) {
        McpTool entry;
        entry.name = tool.name();
        LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(tool, entry, description);
        LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(tool, entry, input_schema_json);
        LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(tool, entry, enabled_for_prompt);
        out.tools.push_back(std::move(entry));
    }
    for (const pb::McpResourceTemplate& resource_template : server.resource_templates()) {
        McpResourceTemplate entry{resource_template.uri_template(), resource_template.name(),
                                  std::nullopt};
        LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(resource_template, entry, description);
        out.resource_templates.push_back(std::move(entry));
    }
    for (const pb::McpResource& resource : server.resources()) {
        McpResource entry{resource.uri(), resource.name(), std::nullopt};
        LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(resource, entry, description);
        out.resources.push_back(std::move(entry));
    }
    return out;
}

}  // namespace

pb::BuildSystemPromptRequest to_proto(const SystemPromptInput& input) {
    pb::BuildSystemPromptRequest request;
    for (const ModeConfig& mode : input.context.custom_modes) {
        to_proto(mode, *request.mutable_context()->add_custom_modes());
    }
    to_proto(input.context.custom_mode_prompts,
             *request.mutable_context()->mutable_custom_mode_prompts());
    request.set_cwd(input.cwd);
    request.set_supports_computer_use(input.supports_computer_use);
    if (input.mcp_hub) {
        pb::McpHub* hub = request.mutable_mcp_hub();
        for (const McpServer& server : *input.mcp_hub) to_proto(server, *hub->add_servers());
    }
    if (input.diff_strategy) {
        pb::DiffStrategy* strategy = request.mutable_diff_strategy();
        strategy->set_kind(input.diff_strategy->kind == DiffStrategyKind::MultiFileSearchReplace
                               ? pb::DiffStrategy::MULTI_FILE_SEARCH_REPLACE
                               : pb::DiffStrategy::MULTI_SEARCH_REPLACE);
        strategy->set_fuzzy_threshold(input.diff_strategy->fuzzy_threshold);
    }
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, browser_viewport_size);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, mode);
    if (input.custom_mode_prompts) {
        to_proto(*input.custom_mode_prompts,
                 *request.mutable_custom_mode_prompts()->mutable_prompts());
    }
    if (input.custom_modes) {
        pb::ModeConfigList* list = request.mutable_custom_modes();
        for (const ModeConfig& mode : *input.custom_modes) to_proto(mode, *list->add_modes());
    }
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, global_custom_instructions);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, diff_enabled);
    if (input.experiments) {
        to_proto(*input.experiments, *request.mutable_experiments());
    }
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, enable_mcp_server_creation);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, language);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, roo_ignore_instructions);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, partial_reads_enabled);
    if (input.settings) {
        pb::SystemPromptSettings* settings = request.mutable_settings();
        settings->set_max_concurrent_file_reads(input.settings->max_concurrent_file_reads);
        settings->set_todo_list_enabled(input.settings->todo_list_enabled);
        settings->set_use_agent_rules(input.settings->use_agent_rules);
        settings->set_new_task_require_todos(input.settings->new_task_require_todos);
    }
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(input, request, model_id);
    pb::CodeIndexState* code_index = request.mutable_code_index();
    code_index->set_feature_enabled(input.code_index.feature_enabled);
    code_index->set_feature_configured(input.code_index.feature_configured);
    code_index->set_initialized(input.code_index.initialized);
    return request;
}

SystemPromptInput system_prompt_input_from_proto(const pb::BuildSystemPromptRequest& request) {
    SystemPromptInput input;
    for (const pb::ModeConfig& mode : request.context().custom_modes()) {
        input.context.custom_modes.push_back(from_proto(mode));
    }
    input.context.custom_mode_prompts = from_proto(request.context().custom_mode_prompts());
    input.cwd = request.cwd();
    input.supports_computer_use = request.supports_computer_use();
    if (request.has_mcp_hub()) {
        input.mcp_hub.emplace();
        for (const pb::McpServer& server : request.mcp_hub().servers()) {
            input.mcp_hub->push_back(from_proto(server));
        }
    }
    if (request.has_diff_strategy()) {
        input.diff_strategy = DiffStrategy{
            request.diff_strategy().kind() == pb::DiffStrategy::MULTI_FILE_SEARCH_REPLACE
                ? DiffStrategyKind::MultiFileSearchReplace
                : DiffStrategyKind::MultiSearchReplace,
            request.diff_strategy().fuzzy_threshold()};
    }
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, browser_viewport_size);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, mode);
    if (request.has_custom_mode_prompts()) {
        input.custom_mode_prompts = from_proto(request.custom_mode_prompts().prompts());
    }
    if (request.has_custom_modes()) {
        input.custom_modes.emplace();
        for (const pb::ModeConfig& mode : request.custom_modes().modes()) {
            input.custom_modes->push_back(from_proto(mode));
        }
    }
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, global_custom_instructions);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, diff_enabled);
    if (request.has_experiments()) {
        input.experiments = from_proto(request.experiments());
    }
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, enable_mcp_server_creation);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, language);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, roo_ignore_instructions);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, partial_reads_enabled);
    if (request.has_settings()) {
        const pb::SystemPromptSettings& settings = request.settings();
        input.settings =
            SystemPromptSettings{settings.max_concurrent_file_reads(), settings.todo_list_enabled(),
                                 settings.use_agent_rules(), settings.new_task_require_todos()};
    }
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(request, input, model_id);
    input.code_index = CodeIndexState{request.code_index().feature_enabled(),
                                      request.code_index().feature_configured(),
                                      request.code_index().initialized()};
    return input;
}

}  // namespace lapce_ai::prompts
