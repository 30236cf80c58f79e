#include "format_response.h"

#include <algorithm>
#include <stdexcept>

#include "js_diff.h"
#include "js_string.h"
#include "locale_compare.h"
#include "node_path.h"
#include "prompt_texts.h"

namespace lapce_ai::prompts {

std::vector<std::string> RooIgnoreAccess::filter_paths(
    const std::vector<std::string>& paths) const {
    std::vector<std::string> allowed;
    for (const std::string& path : paths)
        if (validate_access(path)) allowed.push_back(path);
    return allowed;
}

namespace format_response {
namespace {

std::string or_undefined(const std::optional<std::string>& value) {
    return value ? *value : std::string("undefined");
}

std::string render_with_reminder(std::string_view name, TemplateValues values) {
    const std::string reminder = render_prompt_text("responses/tool_use_instructions_reminder");
    return render_prompt_text(name, values.set("tool_use_instructions_reminder", reminder));
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        if (end == std::string_view::npos) {
            parts.emplace_back(text.substr(start));
            return parts;
        }
        parts.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
}

// The reference's comparator: at the first differing segment, a path that ends there (a file
// at that level) comes first, else the segments compare by collation; a prefix comes first.
int compare_listed_paths(const std::vector<std::string>& a_parts,
                         const std::vector<std::string>& b_parts) {
    const std::size_t common = std::min(a_parts.size(), b_parts.size());
    for (std::size_t i = 0; i < common; ++i) {
        if (a_parts[i] == b_parts[i]) continue;
        if (i + 1 == a_parts.size() && i + 1 < b_parts.size()) return -1;
        if (i + 1 == b_parts.size() && i + 1 < a_parts.size()) return 1;
        return locale_compare(
            a_parts[i], b_parts[i],
            {.numeric = true, .sensitivity = LocaleCompareOptions::Sensitivity::base});
    }
    return static_cast<int>(a_parts.size()) - static_cast<int>(b_parts.size());
}

}  // namespace

std::string tool_denied() {
    return render_prompt_text("responses/tool_denied");
}

std::string tool_denied_with_feedback(const std::optional<std::string>& feedback) {
    const std::string text = or_undefined(feedback);
    return render_prompt_text("responses/tool_denied_with_feedback",
                              TemplateValues().set("feedback", text));
}

std::string tool_approved_with_feedback(const std::optional<std::string>& feedback) {
    const std::string text = or_undefined(feedback);
    return render_prompt_text("responses/tool_approved_with_feedback",
                              TemplateValues().set("feedback", text));
}

std::string tool_error(const std::optional<std::string>& error) {
    const std::string text = or_undefined(error);
    return render_prompt_text("responses/tool_error", TemplateValues().set("error", text));
}

std::string roo_ignore_error(std::string_view path) {
    return render_prompt_text("responses/roo_ignore_error", TemplateValues().set("path", path));
}

std::string no_tools_used() {
    return render_with_reminder("responses/no_tools_used", {});
}

std::string too_many_mistakes(const std::optional<std::string>& feedback) {
    const std::string text = or_undefined(feedback);
    return render_prompt_text("responses/too_many_mistakes",
                              TemplateValues().set("feedback", text));
}

std::string missing_tool_parameter_error(std::string_view param_name) {
    return render_with_reminder("responses/missing_tool_parameter_error",
                                TemplateValues().set("param_name", param_name));
}

std::string line_count_truncation_error(std::int64_t actual_line_count, bool is_new_file,
                                        bool diff_strategy_enabled) {
    const std::string count = std::to_string(actual_line_count);
    const std::string truncation_message =
        render_prompt_text("responses/line_count_truncation_message",
                           TemplateValues().set("actual_line_count", count));
    return render_with_reminder(
        "responses/line_count_truncation_error",
        TemplateValues()
            .flag("is_new_file", is_new_file)
            .flag("diff_strategy_enabled", diff_strategy_enabled)
            .set("truncation_message", truncation_message)
            .set("search_and_replace_number", diff_strategy_enabled ? "3" : "2")
            .set("insert_content_number", diff_strategy_enabled ? "4" : "3"));
}

std::string invalid_mcp_tool_argument_error(std::string_view server_name,
                                            std::string_view tool_name) {
    return render_prompt_text(
        "responses/invalid_mcp_tool_argument_error",
        TemplateValues().set("server_name", server_name).set("tool_name", tool_name));
}

std::string unknown_mcp_tool_error(std::string_view server_name, std::string_view tool_name,
                                   const std::vector<std::string>& available_tools) {
    const std::string tools_list = js_join(available_tools, ", ");
    return render_prompt_text("responses/unknown_mcp_tool_error",
                              TemplateValues()
                                  .set("server_name", server_name)
                                  .set("tool_name", tool_name)
                                  .flag("has_tools", !available_tools.empty())
                                  .set("tools_list", tools_list));
}

std::string unknown_mcp_server_error(std::string_view server_name,
                                     const std::vector<std::string>& available_servers) {
    const std::string servers_list = js_join(available_servers, ", ");
    return render_prompt_text("responses/unknown_mcp_server_error",
                              TemplateValues()
                                  .set("server_name", server_name)
                                  .flag("has_servers", !available_servers.empty())
                                  .set("servers_list", servers_list));
}

std::variant<std::string, std::vector<ContentBlock>> tool_result(
    const std::string& text, const std::optional<std::vector<std::string>>& images) {
    if (!images || images->empty()) return text;
    std::vector<ContentBlock> blocks{TextBlock{text}};
    for (ImageBlock& image : image_blocks(images)) blocks.emplace_back(std::move(image));
    return blocks;
}

std::vector<ImageBlock> image_blocks(const std::optional<std::vector<std::string>>& images) {
    std::vector<ImageBlock> blocks;
    if (!images) return blocks;
    for (const std::string& data_url : *images) {
        // const [rest, base64] = dataUrl.split(",")
        const std::vector<std::string> pieces = split(data_url, ',');
        const std::vector<std::string> scheme = split(pieces[0], ':');
        if (scheme.size() < 2)
            throw std::invalid_argument("image data URL without ':': " + data_url);
        ImageBlock block;
        block.media_type = split(scheme[1], ';')[0];
        if (pieces.size() > 1) block.data = pieces[1];
        blocks.push_back(std::move(block));
    }
    return blocks;
}

std::string format_files_list(std::string_view absolute_path, const std::vector<std::string>& files,
                              bool did_hit_limit, const RooIgnoreAccess* roo_ignore_controller,
                              bool show_roo_ignored_files,
                              const WriteProtection* roo_protected_controller) {
    struct Listed {
        std::string path;
        std::vector<std::string> parts;
    };
    std::vector<Listed> listed;
    listed.reserve(files.size());
    for (const std::string& file : files) {
        std::string relative = to_posix(node_path::relative(absolute_path, file));
        if (file.ends_with('/')) relative += '/';
        std::vector<std::string> parts = split(relative, '/');
        listed.push_back({std::move(relative), std::move(parts)});
    }
    std::stable_sort(listed.begin(), listed.end(), [&](const Listed& a, const Listed& b) {
        return compare_listed_paths(a.parts, b.parts) < 0;
    });

    std::vector<std::string> lines;
    for (Listed& entry : listed) {
        if (!roo_ignore_controller) {
            lines.push_back(std::move(entry.path));
            continue;
        }
        // validateAccess wants an absolute path (or one relative to the cwd, which
        // absolute_path need not be).
        const std::string absolute_file = node_path::resolve({absolute_path, entry.path});
        if (!roo_ignore_controller->validate_access(absolute_file)) {
            if (!show_roo_ignored_files) continue;
            lines.push_back(std::string(kLockTextSymbol) + " " + entry.path);
        } else if (roo_protected_controller &&
                   roo_protected_controller->is_write_protected(absolute_file)) {
            lines.push_back("\U0001F6E1\uFE0F " + entry.path);
        } else {
            lines.push_back(std::move(entry.path));
        }
    }

    if (did_hit_limit) {
        const std::string joined = js_join(lines, "\n");
        return render_prompt_text("responses/files_list_truncated",
                                  TemplateValues().set("files", joined));
    }
    if (lines.empty() || (lines.size() == 1 && lines[0].empty()))
        return render_prompt_text("responses/files_list_empty");
    return js_join(lines, "\n");
}

std::string create_pretty_patch(std::string_view filename,
                                const std::optional<std::string>& old_str,
                                const std::optional<std::string>& new_str) {
    const std::string patch =
        jsdiff::create_patch(to_posix(filename), old_str.value_or(""), new_str.value_or(""));
    // The patch without its first four lines (Index, separator, ---, +++).
    const std::vector<std::string> lines = split(patch, '\n');
    const std::vector<std::string> pretty(
        lines.begin() + std::min<std::ptrdiff_t>(4, std::ssize(lines)), lines.end());
    return js_join(pretty, "\n");
}

}  // namespace format_response
}  // namespace lapce_ai::prompts
