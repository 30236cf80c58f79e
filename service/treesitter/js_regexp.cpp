#include "js_regexp.h"

namespace lapce_ai::treesitter {
namespace {

// ECMAScript WhiteSpace and LineTerminator code points, as the body of a character class.
constexpr char16_t kJsSpaceClassBody[] =
    u"\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}"
    u"\\x{205F}\\x{3000}\\x{FEFF}";

}  // namespace

QString js_regexp_to_pcre(std::string_view source) {
    const QString input = QString::fromUtf8(source.data(), static_cast<qsizetype>(source.size()));
    const QString space_body = QString::fromUtf16(kJsSpaceClassBody);
    QString out;
    out.reserve(input.size() + 16);
    bool in_class = false;
    for (qsizetype i = 0; i < input.size(); ++i) {
        const QChar c = input[i];
        if (c == u'\\' && i + 1 < input.size()) {
            const QChar next = input[++i];
            if (next == u's') {
                out += in_class ? space_body : u'[' + space_body + u']';
            } else if (next == u'S' && !in_class) {
                out += QStringLiteral("[^") + space_body + u']';
            } else {
                out += c;
                out += next;
            }
            continue;
        }
        if (in_class) {
            if (c == u']') in_class = false;
            out += c;
            continue;
        }
        if (c == u'[') {
            if (input.mid(i, 2) == QStringLiteral("[]")) {
                out += QStringLiteral("(?!)");
                ++i;
            } else if (input.mid(i, 3) == QStringLiteral("[^]")) {
                out += QStringLiteral("[\\s\\S]");
                i += 2;
            } else {
                in_class = true;
                out += c;
                // A leading `]` or `^]` would be literal in PCRE; JavaScript closed it above.
                if (i + 1 < input.size() && input[i + 1] == u'^') out += input[++i];
            }
        } else if (c == u'.') {
            out += QStringLiteral("[^\\n\\r\\x{2028}\\x{2029}]");
        } else if (c == u'$') {
            out += QStringLiteral("\\z");
        } else {
            out += c;
        }
    }
    return out;
}

QRegularExpression js_regexp(std::string_view source, std::string* error) {
    QRegularExpression regexp(js_regexp_to_pcre(source));
    if (!regexp.isValid() && error) *error = regexp.errorString().toStdString();
    return regexp;
}

bool js_regexp_test(const QRegularExpression& regexp, std::u16string_view text) {
    const QStringView view(text.data(), static_cast<qsizetype>(text.size()));
    return regexp.match(view).hasMatch();
}

}  // namespace lapce_ai::treesitter
