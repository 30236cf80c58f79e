#pragma once

// src/core/prompts/responses.ts: formatResponse, the texts the task loop sends back to the model.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "file_access.h"

namespace lapce_ai::prompts::format_response {

// An Anthropic image block with a base64 source.
struct ImageBlock {
    std::string media_type;
    std::optional<std::string> data;  // undefined when the data URL has no ','
};
struct TextBlock {
    std::string text;
};
using ContentBlock = std::variant<TextBlock, ImageBlock>;

std::string tool_denied();
// An undefined feedback prints "undefined", as in the reference.
std::string tool_denied_with_feedback(const std::optional<std::string>& feedback);
std::string tool_approved_with_feedback(const std::optional<std::string>& feedback);
std::string tool_error(const std::optional<std::string>& error);
std::string roo_ignore_error(std::string_view path);
std::string no_tools_used();
std::string too_many_mistakes(const std::optional<std::string>& feedback);
std::string missing_tool_parameter_error(std::string_view param_name);
std::string line_count_truncation_error(std::int64_t actual_line_count, bool is_new_file,
                                        bool diff_strategy_enabled = false);
std::string invalid_mcp_tool_argument_error(std::string_view server_name,
                                            std::string_view tool_name);
std::string unknown_mcp_tool_error(std::string_view server_name, std::string_view tool_name,
                                   const std::vector<std::string>& available_tools);
std::string unknown_mcp_server_error(std::string_view server_name,
                                     const std::vector<std::string>& available_servers);

// The text alone, or the text followed by one image block per data URL when there are images.
std::variant<std::string, std::vector<ContentBlock>> tool_result(
    const std::string& text, const std::optional<std::vector<std::string>>& images = {});
// Data URLs ("data:image/png;base64,...") as image blocks. Throws std::invalid_argument for a
// URL without ':' (the reference throws a TypeError there).
std::vector<ImageBlock> image_blocks(const std::optional<std::vector<std::string>>& images);

// Lists `files` (absolute, directories end with '/') relative to `absolute_path`, sorted so that
// each directory's files follow it, marking ignored (when shown) and write-protected files.
std::string format_files_list(std::string_view absolute_path, const std::vector<std::string>& files,
                              bool did_hit_limit, const RooIgnoreAccess* roo_ignore_controller,
                              bool show_roo_ignored_files,
                              const WriteProtection* roo_protected_controller = nullptr);

// A unified diff of the two texts without its four header lines.
std::string create_pretty_patch(std::string_view filename = "file",
                                const std::optional<std::string>& old_str = {},
                                const std::optional<std::string>& new_str = {});

}  // namespace lapce_ai::prompts::format_response
