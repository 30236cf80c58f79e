// Behaviour of the section functions that the golden cases do not reach: MCP list errors and
// odd configurations, tool-use guideline numbering, toPosix.

#include <QTest>

#include "js_string.h"
#include "mcp_servers_json.h"
#include "sections.h"

using namespace lapce_ai::prompts;

namespace {

McpServer connected(std::string name, std::string config) {
    McpServer server;
    server.name = std::move(name);
    server.config_json = std::move(config);
    server.status = "connected";
    return server;
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class TestPromptSections : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void mcp_servers_are_read_in_the_get_servers_shape();
    void bad_mcp_server_lists_are_clear_errors();
    void the_command_line_follows_javascript_string_conversion();
    void a_config_that_is_not_a_json_object_has_no_command();
    void a_config_the_reference_cannot_read_is_an_error();
    void missing_descriptions_print_undefined_and_falsy_schemas_are_left_out();
    void tool_use_guidelines_are_numbered_as_they_are_added();
};

void TestPromptSections::mcp_servers_are_read_in_the_get_servers_shape() {
    auto servers = mcp_servers_from_json(R"([{
        "name": "s", "status": "connected", "disabled": true, "config": "{}",
        "instructions": "Use it.", "extra": 1,
        "tools": [{"name": "t", "description": "d", "enabledForPrompt": false,
                   "inputSchema": {"z": 1, "a": {"y": 2, "b": 3}}}],
        "resourceTemplates": [{"uriTemplate": "u://{x}", "name": "n"}],
        "resources": [{"uri": "u://1", "name": "r", "description": "rd", "mimeType": "text/plain"}]
    }, {"name": "bare"}])");
    QVERIFY2(servers, servers ? "" : servers.error().c_str());
    QCOMPARE(servers->size(), std::size_t(2));
    const McpServer& server = servers->front();
    QCOMPARE(server.status, std::string("connected"));
    QVERIFY(server.disabled);
    QCOMPARE(server.instructions.value_or(""), std::string("Use it."));
    QCOMPARE(server.tools.size(), std::size_t(1));
    QCOMPARE(server.tools[0].input_schema_json.value_or(""),
             std::string(R"({"z":1,"a":{"y":2,"b":3}})"));
    QCOMPARE(server.tools[0].enabled_for_prompt, std::optional<bool>(false));
    QVERIFY(!server.resource_templates[0].description);
    QCOMPARE(server.resources[0].description.value_or(""), std::string("rd"));
    const McpServer& bare = servers->back();
    QCOMPARE(bare.status, std::string());
    QCOMPARE(bare.config_json, std::string());
    QVERIFY(bare.tools.empty());
}

void TestPromptSections::bad_mcp_server_lists_are_clear_errors() {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"not json", "MCP servers: invalid JSON at offset 0"},
        {"{}", "MCP servers: expected a JSON array"},
        {"[1]", "MCP servers[0]: must be an object"},
        {"[{}]", "MCP servers[0]: name is missing"},
        {R"([{"name": 5}])", "MCP servers[0]: name must be a string"},
        {R"([{"name": "s", "config": {}}])", "MCP servers[0]: config must be a string"},
        {R"([{"name": "s", "tools": {}}])", "MCP servers[0]: tools must be an array"},
        {R"([{"name": "s", "tools": [3]}])", "MCP servers[0]: tools[0] must be an object"},
        {R"([{"name": "s", "tools": [{"name": "t", "enabledForPrompt": "no"}]}])",
         "MCP servers[0].tools[0]: enabledForPrompt must be true or false"},
        {R"([{"name": "s", "resources": [{"uri": "u"}]}])",
         "MCP servers[0].resources[0]: name is missing"},
    };
    for (const auto& [json, error] : cases) {
        auto servers = mcp_servers_from_json(json);
        QVERIFY2(!servers, std::string(json).c_str());
        QVERIFY2(servers.error().starts_with(error), servers.error().c_str());
    }
}

void TestPromptSections::the_command_line_follows_javascript_string_conversion() {
    const std::vector<McpServer> hub = {
        connected("a", R"({"command":"node","args":["x",1.50,null,true,[1,2]]})"),
        connected("b", R"({"command":"node","args":[]})"),
        connected("c", R"({"command":"node","args":"not an array"})"),
        connected("d", R"({"command":"","args":["x"]})"),
        connected("e", R"({"command":"old","command":"new"})"),
    };
    const std::string section = get_mcp_servers_section(&hub, nullptr, false);
    QVERIFY(contains(section, "## a (`node x 1.5  true 1,2`)"));
    QVERIFY(contains(section, "## b (`node `)"));
    QVERIFY(contains(section, "## c (`node`)"));
    QVERIFY(contains(section, "## d\n\n## e (`new`)"));
}

void TestPromptSections::a_config_that_is_not_a_json_object_has_no_command() {
    const std::vector<McpServer> hub = {connected("a", "5"), connected("c", "[\"command\"]")};
    const std::string section = get_mcp_servers_section(&hub, nullptr, std::nullopt);
    QVERIFY(section.ends_with("## a\n\n## c"));
}

void TestPromptSections::a_config_the_reference_cannot_read_is_an_error() {
    for (const char* config : {"", "{broken", "null"}) {
        const std::vector<McpServer> hub = {connected("a", config)};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 get_mcp_servers_section(&hub, nullptr, std::nullopt));
    }
}

void TestPromptSections::missing_descriptions_print_undefined_and_falsy_schemas_are_left_out() {
    McpServer server = connected("s", "{}");
    server.tools = {{"t1", std::nullopt, std::string("null"), std::nullopt},
                    {"t2", std::string("d"), std::string("\"\""), true},
                    {"t3", std::string("d"), std::string("[]"), std::nullopt}};
    server.resources = {{"u://1", "r", std::nullopt}};
    const std::vector<McpServer> hub = {server};
    const std::string section = get_mcp_servers_section(&hub, nullptr, false);
    QVERIFY(
        contains(section, "- t1: undefined\n\n\n- t2: d\n\n\n- t3: d\n    Input Schema:\n\t\t[]"));
    QVERIFY(contains(section, "- u://1 (r): undefined"));
}

void TestPromptSections::tool_use_guidelines_are_numbered_as_they_are_added() {
    const std::string plain = get_tool_use_guidelines_section(nullptr);
    QVERIFY(contains(plain, "\n2. Choose the most appropriate tool"));
    QVERIFY(contains(plain, "\n6. ALWAYS wait for user confirmation"));
    QVERIFY(!contains(plain, "codebase_search"));
    CodeIndexState index{true, true, true};
    const std::string with_search = get_tool_use_guidelines_section(&index);
    QVERIFY(contains(with_search, "\n2. **CRITICAL"));
    QVERIFY(contains(with_search, "\n7. ALWAYS wait for user confirmation"));
    index.initialized = false;
    QCOMPARE(get_tool_use_guidelines_section(&index), plain);
}

QTEST_GUILESS_MAIN(TestPromptSections)
#include "test_prompt_sections.moc"
