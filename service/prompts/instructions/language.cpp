#include "language.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <utility>
#include <vector>

#include "prompt_template.h"
#include "prompt_texts.h"

namespace lapce_ai::prompts {
namespace {

using LanguageTable = std::vector<std::pair<std::string, std::string>>;

// resources/prompts/instructions/languages.json: [[code, name], ...]
LanguageTable load_languages() {
    const QJsonDocument document = prompt_json_resource("instructions/languages.json");
    if (!document.isArray())
        throw TemplateError("resources/prompts/instructions/languages.json: not a JSON array");
    LanguageTable table;
    for (const QJsonValue& value : document.array()) {
        const QJsonArray pair = value.toArray();
        table.emplace_back(pair.at(0).toString().toStdString(),
                           pair.at(1).toString().toStdString());
    }
    return table;
}

const LanguageTable& languages() {
    static const LanguageTable table = load_languages();
    return table;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::optional<std::string> language_name(std::string_view code) {
    const auto& table = languages();
    auto it = std::find_if(table.begin(), table.end(),
                           [&](const auto& entry) { return entry.first == code; });
    if (it == table.end()) return std::nullopt;
    return it->second;
}

bool is_language(std::string_view code) {
    return language_name(code).has_value();
}

std::string format_language(std::string_view vscode_locale) {
    if (vscode_locale.empty()) return "en";
    // replace(/-(\w+)$/, upper-cased region): only a final "-" followed by word characters.
    std::string formatted(vscode_locale);
    const std::size_t dash = formatted.rfind('-');
    if (dash != std::string::npos && dash + 1 < formatted.size() &&
        std::all_of(formatted.begin() + std::ptrdiff_t(dash) + 1, formatted.end(), is_word_char)) {
        std::transform(formatted.begin() + std::ptrdiff_t(dash) + 1, formatted.end(),
                       formatted.begin() + std::ptrdiff_t(dash) + 1,
                       [](char c) { return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c; });
    }
    return is_language(formatted) ? formatted : "en";
}

}  // namespace lapce_ai::prompts
