#include "process_captures.h"

#include <QRegularExpression>

#include <algorithm>
#include <set>
#include <utility>

#include "js_regexp.h"
#include "js_string.h"
#include "js_utf16.h"

namespace lapce_ai::treesitter {
namespace {

// Line counts as the reference computes them, in signed arithmetic.
std::int64_t span(std::uint32_t start_row, std::uint32_t end_row) {
    return static_cast<std::int64_t>(end_row) - static_cast<std::int64_t>(start_row) + 1;
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// isNotHtmlElement: JSX lines that open or close a common HTML element are not definitions.
bool is_not_html_element(std::u16string_view line, bool needs_html_filtering) {
    if (!needs_html_filtering) return true;
    static const QRegularExpression html_elements =
        js_regexp("^[^A-Z]*<\\/?(?:div|span|button|input|h[1-6]|p|a|img|ul|li|form)\\b");
    const std::string trimmed(prompts::js_trim(prompts::utf16_to_utf8(line)));
    return !js_regexp_test(html_elements, prompts::utf8_to_utf16(trimmed));
}

void append_definition(std::string& output, std::uint32_t start_row, std::uint32_t end_row,
                       const SourceText& lines) {
    output += std::to_string(start_row + 1);
    output += "--";
    output += std::to_string(end_row + 1);
    output += " | ";
    output += lines.line_utf8(start_row);
    output += '\n';
}

}  // namespace

std::optional<std::string> process_captures(std::vector<Capture>& captures, const SourceText& lines,
                                            std::string_view language) {
    const bool needs_html_filtering = language == "jsx" || language == "tsx";
    if (captures.empty()) return std::nullopt;

    std::stable_sort(captures.begin(), captures.end(), [](const Capture& a, const Capture& b) {
        return a.node.start_row < b.node.start_row;
    });

    std::string output;
    std::set<std::pair<std::uint32_t, std::uint32_t>>
        processed;  // the reference's "start-end" keys
    for (const Capture& capture : captures) {
        if (!contains(capture.name, "definition") && !contains(capture.name, "name")) continue;

        const std::optional<NodeRows> definition =
            contains(capture.name, "name") ? capture.parent : std::optional(capture.node);
        if (!definition) continue;
        const std::uint32_t start_row = definition->start_row;
        const std::uint32_t end_row = definition->end_row;
        if (span(start_row, end_row) < kMinComponentLines) continue;
        if (processed.contains({start_row, end_row})) continue;

        if (contains(capture.name, "name.definition")) {
            if (capture.has_text) {
                append_definition(output, start_row, end_row, lines);
                processed.insert({start_row, end_row});
            }
        } else if (is_not_html_element(lines.line(start_row), needs_html_filtering)) {
            append_definition(output, start_row, end_row, lines);
            processed.insert({start_row, end_row});

            if (capture.parent && capture.parent_last_child_end_row) {
                const std::uint32_t context_start = capture.parent->start_row;
                const std::uint32_t context_end = *capture.parent_last_child_end_row;
                if (span(context_start, context_end) >= kMinComponentLines &&
                    !processed.contains({context_start, context_end})) {
                    append_definition(output, context_start, context_end, lines);
                    processed.insert({context_start, context_end});
                }
            }
        }
    }
    if (output.empty()) return std::nullopt;
    return output;
}

}  // namespace lapce_ai::treesitter
