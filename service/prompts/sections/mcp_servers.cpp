#include <stdexcept>
#include <unordered_map>

#include "js_string.h"
#include "ordered_json.h"
#include "prompt_texts.h"
#include "sections.h"

namespace lapce_ai::prompts {
using namespace lapce_ai::json;
namespace {

// `${value}` of an optional string: undefined prints "undefined".
std::string_view or_undefined(const std::optional<std::string>& value) {
    return value ? std::string_view(*value) : std::string_view("undefined");
}

// A text derived from a JSON text (a pure function of it). The servers' configs and schemas
// stay the same from one prompt to the next, so results are kept per thread and call site, up
// to kMemoLimit of them (then all are dropped). A derivation that throws keeps nothing. Each
// call site passes a lambda, whose type gives it a memo of its own.
template <typename Derive>
std::string derived_from_json(const std::string& json, Derive derive) {
    constexpr std::size_t kMemoLimit = 256;
    thread_local std::unordered_map<std::string, std::string> memo;
    if (auto it = memo.find(json); it != memo.end()) return it->second;
    std::string derived = derive(json);
    if (memo.size() >= kMemoLimit) memo.clear();
    memo.emplace(json, derived);
    return derived;
}

// JSON.stringify(inputSchema, null, 2) with every line break followed by four spaces; empty when
// the schema is falsy (null, false, 0, "").
std::string indented_schema(const std::string& input_schema_json) {
    auto schema = parse_ordered_json(input_schema_json);
    if (!schema || !js_truthy(*schema)) return {};
    const std::string pretty = json_stringify(*schema, 2);
    std::string indented;
    indented.reserve(pretty.size() * 2);
    std::size_t start = 0;
    for (std::size_t end; (end = pretty.find('\n', start)) != std::string::npos; start = end + 1) {
        indented.append(pretty, start, end + 1 - start).append("    ");
    }
    indented.append(pretty, start);
    return indented;
}

std::string tool_text(const McpTool& tool) {
    const std::string schema =
        tool.input_schema_json
            ? derived_from_json(*tool.input_schema_json,
                                [](const std::string& json) { return indented_schema(json); })
            : std::string();
    return render_prompt_text("sections/mcp_servers/tool",
                              TemplateValues()
                                  .set("name", tool.name)
                                  .set("description", or_undefined(tool.description))
                                  .flag("has_schema", !schema.empty())
                                  .set("schema", schema));
}

// The command line of `JSON.parse(server.config)`: its command, then its args joined with spaces
// when they are an array. Empty when there is no (truthy) command. Where the reference throws
// (a config that is not JSON, or null), so does this: the prompt cannot be built.
std::string config_command_line(const McpServer& server) {
    auto config = parse_ordered_json(server.config_json);
    if (!config) {
        throw std::invalid_argument("MCP server '" + server.name +
                                    "': config is not valid JSON: " + config.error());
    }
    if (config->is_null()) {
        throw std::invalid_argument("MCP server '" + server.name +
                                    "': Cannot read properties of null (reading 'command')");
    }
    if (!config->is_object()) return {};
    const OrderedJson* command = config->find("command");
    if (!command || !js_truthy(*command)) return {};
    std::string line = js_to_string(*command);
    const OrderedJson* args = config->find("args");
    if (args && args->is_array()) line += " " + js_array_join(*args, " ");
    return line;
}

std::string server_text(const McpServer& server) {
    std::vector<std::string> tools;
    for (const McpTool& tool : server.tools) {
        if (tool.enabled_for_prompt != false) tools.push_back(tool_text(tool));
    }
    std::vector<std::string> templates;
    for (const McpResourceTemplate& resource_template : server.resource_templates) {
        templates.push_back(render_prompt_text(
            "sections/mcp_servers/resource_template",
            TemplateValues()
                .set("uri_template", resource_template.uri_template)
                .set("name", resource_template.name)
                .set("description", or_undefined(resource_template.description))));
    }
    std::vector<std::string> resources;
    for (const McpResource& resource : server.resources) {
        resources.push_back(
            render_prompt_text("sections/mcp_servers/resource",
                               TemplateValues()
                                   .set("uri", resource.uri)
                                   .set("name", resource.name)
                                   .set("description", or_undefined(resource.description))));
    }
    const std::string command = derived_from_json(
        server.config_json, [&](const std::string&) { return config_command_line(server); });
    const std::string tools_text = js_join(tools, "\n\n");
    const std::string templates_text = js_join(templates, "\n");
    const std::string resources_text = js_join(resources, "\n");
    const std::string instructions = server.instructions.value_or(std::string());
    return render_prompt_text("sections/mcp_servers/server",
                              TemplateValues()
                                  .set("name", server.name)
                                  .flag("has_command", !command.empty())
                                  .set("command_line", command)
                                  .flag("has_instructions", !instructions.empty())
                                  .set("instructions", instructions)
                                  .flag("has_tools", !tools_text.empty())
                                  .set("tools", tools_text)
                                  .flag("has_templates", !templates_text.empty())
                                  .set("templates", templates_text)
                                  .flag("has_resources", !resources_text.empty())
                                  .set("resources", resources_text));
}

}  // namespace

std::string get_mcp_servers_section(const std::vector<McpServer>* mcp_hub,
                                    const DiffStrategy* /*diff_strategy: unused there too*/,
                                    std::optional<bool> enable_mcp_server_creation) {
    if (!mcp_hub) return {};

    std::string connected_servers;
    if (mcp_hub->empty()) {
        connected_servers = render_prompt_text("sections/mcp_servers/none");
    } else {
        std::vector<std::string> servers;
        for (const McpServer& server : *mcp_hub) {
            if (server.status == "connected") servers.push_back(server_text(server));
        }
        connected_servers = js_join(servers, "\n\n");
    }

    std::string section =
        render_prompt_text("sections/mcp_servers/section",
                           TemplateValues().set("connected_servers", connected_servers));
    if (!enable_mcp_server_creation.value_or(false)) return section;
    return section + render_prompt_text("sections/mcp_servers/creation");
}

}  // namespace lapce_ai::prompts
