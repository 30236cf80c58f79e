#include "gitignore_rule.h"

#include "js_regex.h"

namespace lapce_ai::ignore {
namespace {

// The pipeline's own JS expressions, written for PCRE2: JS's `$` (end of input) is \z, its `\s`
// and `.` are spelled out.
QRegularExpression pcre(const QString& pattern) {
    QString expanded = pattern;
    expanded.replace(QStringLiteral("<WS>"), QLatin1String(kJsWhitespaceClassBody));
    expanded.replace(QStringLiteral("<DOT>"),
                     QStringLiteral("[^\\x{0A}\\x{0D}\\x{2028}\\x{2029}]"));
    return QRegularExpression(expanded);
}

struct Replacers {
    QRegularExpression bom = pcre(QStringLiteral("^\\x{FEFF}"));
    QRegularExpression trailing_spaces = pcre(QStringLiteral("((?:\\\\\\\\)*?)(\\\\?[<WS>]+)\\z"));
    QRegularExpression escaped_space = pcre(QStringLiteral("(\\\\+?)[<WS>]"));
    QRegularExpression metacharacter = pcre(QStringLiteral("[\\\\$.|*+(){^]"));
    QRegularExpression question_mark = pcre(QStringLiteral("(?!\\\\)\\?"));
    QRegularExpression leading_slash = pcre(QStringLiteral("^/"));
    QRegularExpression slash = pcre(QStringLiteral("/"));
    QRegularExpression leading_globstar = pcre(QStringLiteral("^\\^*\\\\\\*\\\\\\*\\\\/"));
    QRegularExpression starting = pcre(QStringLiteral("^(?=[^^])"));
    QRegularExpression inner_slash = pcre(QStringLiteral("/(?!\\z)"));
    QRegularExpression two_globstars = pcre(QStringLiteral("\\\\/\\\\\\*\\\\\\*(?=\\\\/|\\z)"));
    QRegularExpression intermediate_wildcard =
        pcre(QStringLiteral("(^|[^\\\\]+)(\\\\\\*)+(?=<DOT>+)"));
    QRegularExpression escaped_metacharacter = pcre(QStringLiteral("\\\\\\\\\\\\(?=[$.|*+(){^])"));
    QRegularExpression double_backslash = pcre(QStringLiteral("\\\\\\\\"));
    QRegularExpression range = pcre(QStringLiteral("(\\\\)?\\[([^\\]/]*?)(\\\\*)(\\z|\\])"));
    QRegularExpression range_pair = pcre(QStringLiteral("([0-z])-([0-z])"));
    QRegularExpression ending = pcre(QStringLiteral("(?:[^*])\\z"));
    QRegularExpression trailing_wildcard = pcre(QStringLiteral("(^|\\\\/)?\\\\\\*\\z"));
    QRegularExpression blank_line = pcre(QStringLiteral("^[<WS>]+\\z"));
    QRegularExpression invalid_trailing_backslash = pcre(QStringLiteral("(?:[^\\\\]|^)\\\\\\z"));
};

const Replacers& replacers() {
    static const Replacers instance;
    return instance;
}

// The slice of `text` without its last `length % 2` characters (cleanRangeBackSlash and the
// escaped-space replacer keep whole pairs of backslashes).
QString even_prefix(const QString& text) {
    return text.left(text.size() - text.size() % 2);
}

// sanitizeRange: an out-of-order range between '0' and 'z' (fine for git, fatal for RegExp)
// is dropped.
QString sanitize_range(const QString& range) {
    return js_replace(range, replacers().range_pair, true, [](const QRegularExpressionMatch& m) {
        return m.captured(1).at(0).unicode() <= m.captured(2).at(0).unicode() ? m.captured(0)
                                                                              : QString();
    });
}

// makeRegexPrefix: REPLACERS applied in order to the rule's body.
QString make_regex_prefix(const QString& body) {
    const Replacers& r = replacers();
    using Match = QRegularExpressionMatch;
    QString s = js_replace(body, r.bom, false, [](const Match&) { return QString(); });
    s = js_replace(s, r.trailing_spaces, false, [](const Match& m) {
        return m.captured(1) +
               (m.captured(2).startsWith(QLatin1Char('\\')) ? QStringLiteral(" ") : QString());
    });
    s = js_replace(s, r.escaped_space, true,
                   [](const Match& m) { return even_prefix(m.captured(1)) + QLatin1Char(' '); });
    s = js_replace(s, r.metacharacter, true,
                   [](const Match& m) { return QLatin1Char('\\') + m.captured(0); });
    s = js_replace(s, r.question_mark, true, [](const Match&) { return QStringLiteral("[^/]"); });
    s = js_replace(s, r.leading_slash, false, [](const Match&) { return QStringLiteral("^"); });
    s = js_replace(s, r.slash, true, [](const Match&) { return QStringLiteral("\\/"); });
    s = js_replace(s, r.leading_globstar, false,
                   [](const Match&) { return QStringLiteral("^(?:.*\\/)?"); });
    // A slash at the beginning or middle of the body anchors the rule to the base directory.
    const bool anchored = r.inner_slash.match(body).hasMatch();
    s = js_replace(s, r.starting, false, [anchored](const Match&) {
        return anchored ? QStringLiteral("^") : QStringLiteral("(?:^|\\/)");
    });
    s = js_replace(s, r.two_globstars, true, [&s](const Match& m) {
        return m.capturedStart() + 6 < s.size() ? QStringLiteral("(?:\\/[^\\/]+)*")
                                                : QStringLiteral("\\/.+");
    });
    s = js_replace(s, r.intermediate_wildcard, true, [](const Match& m) {
        // the group holds its last repetition: one escaped star
        return m.captured(1) + QStringLiteral("[^\\/]*");
    });
    s = js_replace(s, r.escaped_metacharacter, true,
                   [](const Match&) { return QStringLiteral("\\"); });
    s = js_replace(s, r.double_backslash, true, [](const Match&) { return QStringLiteral("\\"); });
    s = js_replace(s, r.range, true, [](const Match& m) {
        const QString range = m.captured(2);
        const QString end_escape = m.captured(3);
        const QString close = m.captured(4);
        if (m.captured(1) == QLatin1String("\\"))
            return QStringLiteral("\\[") + range + even_prefix(end_escape) + close;
        if (close == QLatin1String("]") && end_escape.size() % 2 == 0)
            return QLatin1Char('[') + sanitize_range(range) + end_escape + QLatin1Char(']');
        return QStringLiteral("[]");
    });
    s = js_replace(s, r.ending, false, [](const Match& m) {
        return m.captured(0) == QLatin1String("/") ? m.captured(0) + QLatin1Char('$')
                                                   : m.captured(0) + QStringLiteral("(?=$|\\/$)");
    });
    return s;
}

}  // namespace

bool is_rule_line(const QString& line) {
    const Replacers& r = replacers();
    return !line.isEmpty() && !r.blank_line.match(line).hasMatch() &&
           !r.invalid_trailing_backslash.match(line).hasMatch() &&
           !line.startsWith(QLatin1Char('#'));
}

GitignoreRule create_rule(const QString& pattern) {
    GitignoreRule rule;
    rule.pattern = pattern;
    QString body = pattern;
    if (body.startsWith(QLatin1Char('!'))) {
        rule.negative = true;
        body.remove(0, 1);
    }
    if (body.startsWith(QLatin1String("\\!")) || body.startsWith(QLatin1String("\\#")))
        body.remove(0, 1);

    // IgnoreRule._make(MODE_IGNORE): '/*' and 'abc/*' need at least one character, 'a*' not.
    rule.regex_source = js_replace(
        make_regex_prefix(body), replacers().trailing_wildcard, false,
        [](const QRegularExpressionMatch& m) {
            const QString p1 = m.captured(1);
            return (p1.isEmpty() ? QStringLiteral("[^/]*") : p1 + QStringLiteral("[^/]+")) +
                   QStringLiteral("(?=$|\\/$)");
        });
    return rule;
}

}  // namespace lapce_ai::ignore
