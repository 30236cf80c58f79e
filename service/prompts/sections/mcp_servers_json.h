#pragma once

// The MCP hub's server list from JSON, in the shape the reference's McpHub.getServers() returns
// (src/shared/mcp.ts McpServer[]): name, status, disabled, config (a JSON string), instructions,
// tools [{name, description, inputSchema, enabledForPrompt}], resourceTemplates [{uriTemplate,
// name, description}], resources [{uri, name, description}]. Other keys are ignored.

#include <string>
#include <string_view>
#include <vector>

#include "expected.h"
#include "prompt_types.h"

namespace lapce_ai::prompts {

// A tool's inputSchema is kept as compact JSON text in its original key order (McpTool::
// input_schema_json). A missing optional key stays unset (status and config become ""); a key
// of the wrong type, or text that is not JSON, is an error naming the offending entry.
Expected<std::vector<McpServer>, std::string> mcp_servers_from_json(std::string_view json_text);

}  // namespace lapce_ai::prompts
