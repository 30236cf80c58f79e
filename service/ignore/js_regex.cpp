#include "js_regex.h"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace lapce_ai::ignore {
namespace {

const QString kJsDot = QStringLiteral("[^\\x{0A}\\x{0D}\\x{2028}\\x{2029}]");

bool is_ascii_letter(char16_t c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}
bool is_octal_digit(char16_t c) {
    return c >= u'0' && c <= u'7';
}

int hex_value(char16_t c) {
    if (c >= u'0' && c <= u'9') return c - u'0';
    if (c >= u'a' && c <= u'f') return c - u'a' + 10;
    if (c >= u'A' && c <= u'F') return c - u'A' + 10;
    return -1;
}

QString code_unit(char16_t c) {
    return QStringLiteral("\\x{%1}").arg(static_cast<unsigned>(c), 0, 16);
}

// One piece of a character class, or the escape after a backslash outside one.
struct Atom {
    enum class Kind { Char, ClassEscape, Whitespace, NotWhitespace };
    Kind kind = Kind::Char;
    char16_t value = 0;  // Char
    QString escape;      // ClassEscape: \d \D \w \W, or a surrogate pair taken as it is
};

class Translator {
  public:
    explicit Translator(const QString& source) : source_(source) {}

    Expected<QString, std::string> run() {
        while (at_ < source_.size()) {
            const char16_t c = peek();
            if (c == u'\\') {
                if (!translate_escape()) return unexpected(error_);
            } else if (c == u'[') {
                if (!translate_class()) return unexpected(error_);
            } else if (c == u'(' && peek(1) == u'?' && !js_group_kind(peek(2))) {
                // PCRE2 knows more (?…) forms (inline flags, comments, recursion) than JS.
                return unexpected(std::string("Invalid group"));
            } else if (c == u'.') {
                out_ += kJsDot;
                ++at_;
            } else if (c == u'$') {
                out_ += QStringLiteral("\\z");
                ++at_;
            } else {
                out_ += source_[at_];
                ++at_;
            }
        }
        return out_;
    }

  private:
    // What may follow "(?" in a JS pattern: non-capturing group, lookahead, lookbehind or name.
    static bool js_group_kind(char16_t c) {
        return c == u':' || c == u'=' || c == u'!' || c == u'<';
    }

    char16_t peek(qsizetype ahead = 0) const {
        const qsizetype i = at_ + ahead;
        return i < source_.size() ? source_[i].unicode() : u'\0';
    }
    bool has(qsizetype ahead) const { return at_ + ahead < source_.size(); }

    // \xHH or \uHHHH after the backslash and the letter: the code unit, consumed.
    std::optional<char16_t> hex_escape(int digits) {
        int value = 0;
        for (int i = 0; i < digits; ++i) {
            if (!has(2 + i)) return std::nullopt;
            const int digit = hex_value(peek(2 + i));
            if (digit < 0) return std::nullopt;
            value = value * 16 + digit;
        }
        at_ += 2 + digits;
        return static_cast<char16_t>(value);
    }

    // Annex B LegacyOctalEscapeSequence, the backslash already consumed.
    char16_t octal_escape() {
        const int max_digits = peek() <= u'3' ? 3 : 2;
        int value = 0;
        for (int i = 0; i < max_digits && has(0) && is_octal_digit(peek()); ++i) {
            value = value * 8 + (peek() - u'0');
            ++at_;
        }
        return static_cast<char16_t>(value);
    }

    // The escape at at_ (a backslash); nullopt with error_ set for a trailing backslash.
    // Inside a class \b is a backspace, \B is a B and \c also takes digits and '_'.
    std::optional<Atom> read_escape(bool in_class) {
        if (!has(1)) {
            error_ = "\\ at end of pattern";
            return std::nullopt;
        }
        const char16_t e = peek(1);
        Atom atom;
        auto literal = [&](char16_t value) {
            atom.value = value;
            return atom;
        };
        switch (e) {
            case u'd':
            case u'D':
            case u'w':
            case u'W':
                at_ += 2;
                atom.kind = Atom::Kind::ClassEscape;
                atom.escape = QStringLiteral("\\") + QChar(e);
                return atom;
            case u's':
            case u'S':
                at_ += 2;
                atom.kind = e == u's' ? Atom::Kind::Whitespace : Atom::Kind::NotWhitespace;
                return atom;
            case u'f':
                at_ += 2;
                return literal(u'\f');
            case u'n':
                at_ += 2;
                return literal(u'\n');
            case u'r':
                at_ += 2;
                return literal(u'\r');
            case u't':
                at_ += 2;
                return literal(u'\t');
            case u'v':
                at_ += 2;
                return literal(u'\v');
            case u'c': {
                const char16_t letter = peek(2);
                const bool control =
                    has(2) &&
                    (is_ascii_letter(letter) ||
                     (in_class && ((letter >= u'0' && letter <= u'9') || letter == u'_')));
                if (!control) {
                    ++at_;  // a literal backslash; the 'c' is read again as itself
                    return literal(u'\\');
                }
                at_ += 3;
                return literal(static_cast<char16_t>(letter % 32));
            }
            case u'x':
                if (auto value = hex_escape(2)) return literal(*value);
                at_ += 2;
                return literal(u'x');
            case u'u':
                if (auto value = hex_escape(4)) return literal(*value);
                at_ += 2;
                return literal(u'u');
            default:
                break;
        }
        if (is_octal_digit(e)) {
            // With no capturing groups (node-ignore writes none) a decimal escape is octal.
            ++at_;
            return literal(octal_escape());
        }
        at_ += 2;
        return literal(e);  // identity escape (\8, \9, \k and punctuation included)
    }

    bool translate_escape() {
        if (peek(1) == u'b' || peek(1) == u'B') {
            out_ += source_.mid(at_, 2);  // word boundaries are ASCII-based in both
            at_ += 2;
            return true;
        }
        const std::optional<Atom> atom = read_escape(false);
        if (!atom) return false;
        switch (atom->kind) {
            case Atom::Kind::Char:
                out_ += code_unit(atom->value);
                break;
            case Atom::Kind::ClassEscape:
                out_ += atom->escape;
                break;
            case Atom::Kind::Whitespace:
                out_ += QStringLiteral("[%1]").arg(QLatin1String(kJsWhitespaceClassBody));
                break;
            case Atom::Kind::NotWhitespace:
                out_ += QStringLiteral("[^%1]").arg(QLatin1String(kJsWhitespaceClassBody));
                break;
        }
        return true;
    }

    std::optional<Atom> read_class_atom() {
        if (peek() == u'\\') {
            if (peek(1) == u'b') {
                at_ += 2;
                return Atom{Atom::Kind::Char, u'\b', {}};
            }
            if (peek(1) == u'B') {
                at_ += 2;
                return Atom{Atom::Kind::Char, u'B', {}};
            }
            return read_escape(true);
        }
        if (QChar::isHighSurrogate(peek()) && QChar::isLowSurrogate(peek(1))) {
            // PCRE2 sees one code point where JS sees two code units
            at_ += 2;
            return Atom{Atom::Kind::ClassEscape, 0, source_.mid(at_ - 2, 2)};
        }
        return Atom{Atom::Kind::Char, source_[at_++].unicode(), {}};
    }

    // A JS class (`]` right after `[` or `[^` closes it: [] matches nothing, [^] anything).
    bool translate_class() {
        ++at_;
        const bool negated = peek() == u'^' && has(0);
        if (negated) ++at_;
        QString body;
        bool not_whitespace = false;
        auto add = [&](const Atom& atom) {
            switch (atom.kind) {
                case Atom::Kind::Char:
                    body += code_unit(atom.value);
                    break;
                case Atom::Kind::ClassEscape:
                    body += atom.escape;
                    break;
                case Atom::Kind::Whitespace:
                    body += QLatin1String(kJsWhitespaceClassBody);
                    break;
                case Atom::Kind::NotWhitespace:
                    not_whitespace = true;
                    break;
            }
        };
        while (true) {
            if (!has(0)) {
                error_ = "Unterminated character class";
                return false;
            }
            if (peek() == u']') {
                ++at_;
                break;
            }
            const std::optional<Atom> from = read_class_atom();
            if (!from) return false;
            if (peek() == u'-' && has(1) && peek(1) != u']') {
                ++at_;
                const std::optional<Atom> to = read_class_atom();
                if (!to) return false;
                if (from->kind != Atom::Kind::Char || to->kind != Atom::Kind::Char) {
                    // Annex B: next to a class escape the hyphen is itself
                    add(*from);
                    add(Atom{Atom::Kind::Char, u'-', {}});
                    add(*to);
                    continue;
                }
                if (from->value > to->value) {
                    error_ = "Range out of order in character class";
                    return false;
                }
                body += code_unit(from->value) + QLatin1Char('-') + code_unit(to->value);
                continue;
            }
            add(*from);
        }
        const QString whitespace = QLatin1String(kJsWhitespaceClassBody);
        if (not_whitespace) {
            // [x\S] = x or a non-space; [^x\S] = a space that is not x
            if (!negated)
                out_ += body.isEmpty() ? QStringLiteral("[^%1]").arg(whitespace)
                                       : QStringLiteral("(?:[%1]|[^%2])").arg(body, whitespace);
            else
                out_ += body.isEmpty() ? QStringLiteral("[%1]").arg(whitespace)
                                       : QStringLiteral("(?:(?![%1])[%2])").arg(body, whitespace);
        } else if (body.isEmpty()) {
            out_ += negated ? QStringLiteral("(?s:.)") : QStringLiteral("(?:(?!))");
        } else {
            out_ += QStringLiteral("[%1%2]").arg(negated ? QStringLiteral("^") : QString(), body);
        }
        return true;
    }

    const QString& source_;
    qsizetype at_ = 0;
    QString out_;
    std::string error_;
};

// V8's words (irregexp's RegExpError texts) for patterns the translation passes on and PCRE2
// refuses; PCRE2's own text for anything else.
std::string v8_error_for(const QString& pcre2_message) {
    static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
        {"missing closing parenthesis", "Unterminated group"},
        {"unmatched closing parenthesis", "Unmatched ')'"},
        {"quantifier does not follow a repeatable item", "Nothing to repeat"},
        {"numbers out of order in {} quantifier", "numbers out of order in {} quantifier"},
        {"unrecognized character after (? or (?-", "Invalid group"},
        {"two named subpatterns have the same name", "Duplicate capture group name"},
        {"syntax error in subpattern name", "Invalid capture group name"},
        {"subpattern name expected", "Invalid capture group name"},
        {"subpattern name must start with a non-digit", "Invalid capture group name"},
        {"reference to non-existent subpattern", "Invalid named capture referenced"},
    };
    const std::string text = pcre2_message.toStdString();
    for (const auto& [pcre2, v8] : kWords) {
        if (text.starts_with(pcre2)) return std::string(v8);
    }
    return text;
}

}  // namespace

Expected<QRegularExpression, std::string> compile_js_regex(const QString& source, bool ignore_case,
                                                           bool captures) {
    auto translated = Translator(source).run();
    if (!translated)
        return unexpected("Invalid regular expression: /" + source.toStdString() +
                          "/: " + translated.error());
    QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption;
    if (ignore_case) options |= QRegularExpression::CaseInsensitiveOption;
    if (!captures) options |= QRegularExpression::DontCaptureOption;
    QRegularExpression regex(*translated, options);
    if (!regex.isValid())
        return unexpected("Invalid regular expression: /" + source.toStdString() +
                          "/: " + v8_error_for(regex.errorString()));
    return regex;
}

}  // namespace lapce_ai::ignore
