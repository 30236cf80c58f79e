#pragma once

// `new RegExp(source)` (no flags) for the reference's patterns in the tree-sitter queries and
// parsers, on PCRE2 with JavaScript's meanings (lapce_ai::ignore::compile_js_regex).

#include <QRegularExpression>

#include <string>
#include <string_view>

namespace lapce_ai::treesitter {

// The compiled pattern; `error` receives the reason when JavaScript or PCRE2 rejects it.
QRegularExpression js_regexp(std::string_view source, std::string* error = nullptr);

// RegExp.prototype.test on a JavaScript string.
bool js_regexp_test(const QRegularExpression& regexp, std::u16string_view text);

}  // namespace lapce_ai::treesitter
