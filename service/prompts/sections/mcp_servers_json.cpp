#include "mcp_servers_json.h"

#include "ordered_json.h"

namespace lapce_ai::prompts {
using namespace lapce_ai::json;
namespace {

// Reads the members of one JSON object; the first problem is kept as `error`.
class ObjectReader {
  public:
    ObjectReader(const OrderedJson& object, std::string where)
        : object_(object), where_(std::move(where)) {}

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }

    std::optional<std::string> optional_string(std::string_view key) {
        const OrderedJson* value = object_.find(key);
        if (!value) return std::nullopt;
        if (!value->is_string()) {
            wrong_type(key, "a string");
            return std::nullopt;
        }
        // Texts leave as UTF-8 (the wire format and the prompt need it).
        return js_to_well_formed(value->as_string());
    }

    std::string required_string(std::string_view key) {
        if (!object_.find(key)) {
            fail(std::string(key) + " is missing");
            return {};
        }
        return optional_string(key).value_or(std::string());
    }

    std::optional<bool> optional_bool(std::string_view key) {
        const OrderedJson* value = object_.find(key);
        if (!value) return std::nullopt;
        if (value->type() != OrderedJson::Type::Boolean) {
            wrong_type(key, "true or false");
            return std::nullopt;
        }
        return value->as_bool();
    }

    // The array's objects, each with its position; empty when the key is absent.
    std::vector<const OrderedJson*> optional_objects(std::string_view key) {
        std::vector<const OrderedJson*> objects;
        const OrderedJson* value = object_.find(key);
        if (!value) return objects;
        if (!value->is_array()) {
            wrong_type(key, "an array");
            return objects;
        }
        for (std::size_t i = 0; i < value->items().size(); ++i) {
            if (!value->items()[i].is_object()) {
                fail(std::string(key) + "[" + std::to_string(i) + "] must be an object");
                return {};
            }
            objects.push_back(&value->items()[i]);
        }
        return objects;
    }

    const OrderedJson* find(std::string_view key) const { return object_.find(key); }

    void fail(const std::string& what) {
        if (error_.empty()) error_ = where_ + ": " + what;
    }

  private:
    void wrong_type(std::string_view key, std::string_view expected) {
        fail(std::string(key) + " must be " + std::string(expected));
    }

    const OrderedJson& object_;
    std::string where_;
    std::string error_;
};

Expected<McpTool, std::string> tool_from_json(const OrderedJson& object, const std::string& where) {
    ObjectReader reader(object, where);
    McpTool tool;
    tool.name = reader.required_string("name");
    tool.description = reader.optional_string("description");
    if (const OrderedJson* schema = reader.find("inputSchema")) {
        tool.input_schema_json = json_stringify(*schema);
    }
    tool.enabled_for_prompt = reader.optional_bool("enabledForPrompt");
    if (!reader.ok()) return unexpected(reader.error());
    return tool;
}

Expected<McpServer, std::string> server_from_json(const OrderedJson& object,
                                                  const std::string& where) {
    ObjectReader reader(object, where);
    McpServer server;
    server.name = reader.required_string("name");
    server.config_json = reader.optional_string("config").value_or(std::string());
    server.status = reader.optional_string("status").value_or(std::string());
    server.disabled = reader.optional_bool("disabled").value_or(false);
    server.instructions = reader.optional_string("instructions");

    const auto tools = reader.optional_objects("tools");
    for (std::size_t i = 0; i < tools.size() && reader.ok(); ++i) {
        auto tool = tool_from_json(*tools[i], where + ".tools[" + std::to_string(i) + "]");
        if (!tool) return unexpected(tool.error());
        server.tools.push_back(std::move(*tool));
    }
    const auto templates = reader.optional_objects("resourceTemplates");
    for (std::size_t i = 0; i < templates.size() && reader.ok(); ++i) {
        ObjectReader item(*templates[i], where + ".resourceTemplates[" + std::to_string(i) + "]");
        McpResourceTemplate resource_template;
        resource_template.uri_template = item.required_string("uriTemplate");
        resource_template.name = item.required_string("name");
        resource_template.description = item.optional_string("description");
        if (!item.ok()) return unexpected(item.error());
        server.resource_templates.push_back(std::move(resource_template));
    }
    const auto resources = reader.optional_objects("resources");
    for (std::size_t i = 0; i < resources.size() && reader.ok(); ++i) {
        ObjectReader item(*resources[i], where + ".resources[" + std::to_string(i) + "]");
        McpResource resource;
        resource.uri = item.required_string("uri");
        resource.name = item.required_string("name");
        resource.description = item.optional_string("description");
        if (!item.ok()) return unexpected(item.error());
        server.resources.push_back(std::move(resource));
    }
    if (!reader.ok()) return unexpected(reader.error());
    return server;
}

}  // namespace

Expected<std::vector<McpServer>, std::string> mcp_servers_from_json(std::string_view json_text) {
    auto parsed = parse_ordered_json(json_text);
    if (!parsed) return unexpected("MCP servers: " + parsed.error());
    if (!parsed->is_array()) return unexpected(std::string("MCP servers: expected a JSON array"));
    std::vector<McpServer> servers;
    for (std::size_t i = 0; i < parsed->items().size(); ++i) {
        const OrderedJson& item = parsed->items()[i];
        const std::string where = "MCP servers[" + std::to_string(i) + "]";
        if (!item.is_object()) return unexpected(where + ": must be an object");
        auto server = server_from_json(item, where);
        if (!server) return unexpected(server.error());
        servers.push_back(std::move(*server));
    }
    return servers;
}

}  // namespace lapce_ai::prompts
