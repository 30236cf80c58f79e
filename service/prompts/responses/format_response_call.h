#pragma once

// formatResponse.<name>(...) called by name with its arguments by parameter name, as the editor
// sends them over IPC: {"serverName": "...", "availableTools": [...]} (null = undefined).
// formatFilesList takes the controllers' answers as lists: "rooIgnoredPaths" (paths
// validateAccess rejects) and "writeProtectedPaths".

#include <QJsonObject>
#include <optional>
#include <string>
#include <string_view>

#include "expected.h"

namespace lapce_ai::prompts {

struct FormattedResponse {
    std::string text;                         // when the result is a string
    std::optional<std::string> content_json;  // when it is Anthropic content blocks (images)
};

// A clear error for an unknown name or an argument of the wrong type.
Expected<FormattedResponse, std::string> call_format_response(std::string_view name,
                                                              const QJsonObject& args);

}  // namespace lapce_ai::prompts
