#include "js_regexp.h"

#include "js_regex.h"

namespace lapce_ai::treesitter {

QRegularExpression js_regexp(std::string_view source, std::string* error) {
    auto compiled = ignore::compile_js_regex(
        QString::fromUtf8(source.data(), static_cast<qsizetype>(source.size())), false);
    if (compiled) return std::move(*compiled);
    if (error) *error = compiled.error();
    return QRegularExpression(QStringLiteral("(?!)"));  // matches nothing
}

bool js_regexp_test(const QRegularExpression& regexp, std::u16string_view text) {
    const QStringView view(text.data(), static_cast<qsizetype>(text.size()));
    return regexp.match(view).hasMatch();
}

}  // namespace lapce_ai::treesitter
