#include "markdown_parser.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <memory>

#include "js_regexp.h"
#include "js_string.h"
#include "js_utf16.h"

namespace lapce_ai::treesitter {
namespace {

constexpr std::array<std::string_view, 6> kNameCaptures = {
    "name.definition.header.h1", "name.definition.header.h2", "name.definition.header.h3",
    "name.definition.header.h4", "name.definition.header.h5", "name.definition.header.h6"};
constexpr std::array<std::string_view, 6> kDefinitionCaptures = {
    "definition.header.h1", "definition.header.h2", "definition.header.h3",
    "definition.header.h4", "definition.header.h5", "definition.header.h6"};

// The reference's mock captures share one node per heading, whose end row is set afterwards.
struct Heading {
    std::size_t level = 1;
    NodeRows rows;
};

}  // namespace

std::vector<Capture> parse_markdown(const SourceText& content) {
    if (prompts::js_trim(prompts::utf16_to_utf8(content.text())).empty()) return {};

    static const QRegularExpression atx_header = js_regexp("^(#{1,6})\\s+(.+)$");
    static const QRegularExpression setext_h1 = js_regexp("^={3,}\\s*$");
    static const QRegularExpression setext_h2 = js_regexp("^-{3,}\\s*$");
    static const QRegularExpression valid_setext_text = js_regexp("^\\s*[^#<>!\\[\\]`\\t]+[^\\n]$");

    std::vector<Heading> headings;
    const std::size_t line_count = content.line_count();
    for (std::size_t i = 0; i < line_count; ++i) {
        const std::u16string_view line = content.line(i);
        const auto row = static_cast<std::uint32_t>(i);
        const QRegularExpressionMatch atx =
            atx_header.match(QStringView(line.data(), static_cast<qsizetype>(line.size())));
        if (atx.hasMatch()) {
            headings.push_back({static_cast<std::size_t>(atx.capturedLength(1)), {row, row}});
            continue;
        }
        if (i > 0) {
            const std::u16string_view previous = content.line(i - 1);
            if (js_regexp_test(setext_h1, line) && js_regexp_test(valid_setext_text, previous)) {
                headings.push_back({1, {row - 1, row}});
                continue;
            }
            if (js_regexp_test(setext_h2, line) && js_regexp_test(valid_setext_text, previous)) {
                headings.push_back({2, {row - 1, row}});
                continue;
            }
        }
    }

    // Each heading gave a name and a definition capture in a row; the stable sort by start row
    // keeps those pairs together, so sorting the headings is the same.
    std::stable_sort(headings.begin(), headings.end(), [](const Heading& a, const Heading& b) {
        return a.rows.start_row < b.rows.start_row;
    });
    for (std::size_t i = 0; i < headings.size(); ++i) {
        headings[i].rows.end_row = i + 1 < headings.size()
                                       ? headings[i + 1].rows.start_row - 1
                                       : static_cast<std::uint32_t>(line_count - 1);
    }

    std::vector<Capture> captures;
    captures.reserve(headings.size() * 2);
    for (const Heading& heading : headings) {
        Capture name;
        name.name = kNameCaptures[heading.level - 1];
        name.node = heading.rows;
        name.has_text = true;
        Capture definition = name;
        definition.name = kDefinitionCaptures[heading.level - 1];
        captures.push_back(name);
        captures.push_back(definition);
    }
    return captures;
}

}  // namespace lapce_ai::treesitter
