#pragma once

// The JavaScript regular expressions node-ignore builds and runs, on PCRE2 (QRegularExpression).
// JS sources are translated where the two dialects differ: `.` and `\s` use JS's sets, `$`
// is the end of input, legacy octal and identity escapes, `\uXXXX`, `\cX`, empty classes, class
// ranges next to class escapes. What stays different: PCRE2 works on code points and folds case
// by Unicode case folding, JS (without the u flag) on UTF-16 code units with toUpperCase, which
// only differs for characters outside the BMP and a few letters such as U+212A KELVIN SIGN.

#include <QRegularExpression>
#include <QString>

#include <string>

#include "expected.h"

namespace lapce_ai::ignore {

// new RegExp(source, ignore_case ? "i" : ""): the message tells why JS or PCRE2 rejects it.
// `captures` false compiles the groups as non-capturing, for callers that only test.
Expected<QRegularExpression, std::string> compile_js_regex(const QString& source, bool ignore_case,
                                                           bool captures = true);

// Characters of JS's \s (WhiteSpace and LineTerminator), as the body of a PCRE2 class.
inline constexpr const char* kJsWhitespaceClassBody =
    "\\x{09}-\\x{0D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}"
    "\\x{205F}\\x{3000}\\x{FEFF}";

// String.prototype.replace(regex, replacer) with a function replacer: the first match, or every
// match when `global` (none of node-ignore's global expressions can match an empty string).
template <typename Replacer>
QString js_replace(const QString& subject, const QRegularExpression& regex, bool global,
                   Replacer&& replacer) {
    QString out;
    qsizetype copied = 0;
    auto append_match = [&](const QRegularExpressionMatch& match) {
        out += QStringView(subject).mid(copied, match.capturedStart() - copied);
        out += replacer(match);
        copied = match.capturedEnd();
    };
    if (global) {
        auto matches = regex.globalMatch(subject);
        if (!matches.hasNext()) return subject;
        while (matches.hasNext()) append_match(matches.next());
    } else {
        const QRegularExpressionMatch match = regex.match(subject);
        if (!match.hasMatch()) return subject;
        append_match(match);
    }
    out += QStringView(subject).mid(copied);
    return out;
}

}  // namespace lapce_ai::ignore
