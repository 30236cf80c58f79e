#pragma once

// `new RegExp(source)` (no flags) for the patterns of the reference's queries and parsers, run by
// PCRE2 through QRegularExpression. The two engines read most syntax alike; the differences that
// change results are rewritten: JavaScript's `.` excludes \r, U+2028 and U+2029 besides \n, its
// `$` matches only at the very end, its `\s` includes Unicode spaces and U+FEFF, and `[]` / `[^]`
// are the empty and the any-character class.

#include <QRegularExpression>

#include <string>
#include <string_view>

namespace lapce_ai::treesitter {

// The PCRE2 pattern with JavaScript's meaning.
QString js_regexp_to_pcre(std::string_view source);

// The compiled pattern; `error` receives QRegularExpression's message when it does not compile.
QRegularExpression js_regexp(std::string_view source, std::string* error = nullptr);

// RegExp.prototype.test on a JavaScript string.
bool js_regexp_test(const QRegularExpression& regexp, std::u16string_view text);

}  // namespace lapce_ai::treesitter
