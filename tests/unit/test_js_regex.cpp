// compile_js_regex: JavaScript RegExp semantics (no flags but "i") on PCRE2. Every expected
// answer below is what `new RegExp(source).test(subject)` gives in Node 20 (V8), checked with
// `node -e`.

#include <QTest>

#include <string>

#include "js_regex.h"

using lapce_ai::ignore::compile_js_regex;

namespace {

struct MatchCase {
    const char* name;
    QString source;
    QString subject;
    bool matches;
};

QString utf16(char16_t unit) {
    return QString(QChar(unit));
}

QString grinning_face() {
    return QString::fromUtf8("\xF0\x9F\x98\x80");  // U+1F600, the pair D83D DE00
}

}  // namespace

class TestJsRegex : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void escapes_match_what_javascript_matches_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<bool>("matches");
        const MatchCase cases[] = {
            // \xHH and \uHHHH take hex digits of either case
            {"hex escape, lower case digits", QStringLiteral("^\\x4a$"), QStringLiteral("J"), true},
            {"hex escape, upper case digits", QStringLiteral("^\\x4A$"), QStringLiteral("J"), true},
            {"hex escape, mixed case digits", QStringLiteral("^\\xfF$"), utf16(0xFF), true},
            {"unicode escape, lower case", QStringLiteral("^\\u00e9$"), utf16(0xE9), true},
            {"unicode escape, upper case", QStringLiteral("^\\u00E9$"), utf16(0xE9), true},
            {"unicode escape is one unit", QStringLiteral("^\\u00E9$"), QStringLiteral("u00E9"),
             false},
            // an incomplete \x or \u is the letter itself (Annex B identity escape)
            {"\\x without hex digits is x", QStringLiteral("^\\xg$"), QStringLiteral("xg"), true},
            {"\\x with one hex digit is x", QStringLiteral("^\\x4$"), QStringLiteral("x4"), true},
            {"\\u with two hex digits is u", QStringLiteral("^\\u12$"), QStringLiteral("u12"),
             true},
            {"\\u with a non-hex digit is u", QStringLiteral("^\\u00G1$"), QStringLiteral("u00G1"),
             true},
            // control character escapes
            {"\\f is form feed", QStringLiteral("^a\\fb$"), QStringLiteral("a\fb"), true},
            {"\\f is not f", QStringLiteral("^a\\fb$"), QStringLiteral("afb"), false},
            {"\\r is carriage return", QStringLiteral("^a\\rb$"), QStringLiteral("a\rb"), true},
            {"\\r is not r", QStringLiteral("^a\\rb$"), QStringLiteral("arb"), false},
            // \c: a letter outside a class; a letter, digit or _ inside one
            {"\\c with a digit outside a class is a backslash", QStringLiteral("^\\c1$"),
             QStringLiteral("\\c1"), true},
            {"\\c with a digit outside a class is no control", QStringLiteral("^\\c1$"),
             utf16(0x11), false},
            {"\\c at the end is a backslash and c", QStringLiteral("^\\c$"), QStringLiteral("\\c"),
             true},
            {"\\c with a digit in a class is a control", QStringLiteral("^[\\c1]$"), utf16(0x11),
             true},
            {"\\c with a digit in a class is not c", QStringLiteral("^[\\c1]$"),
             QStringLiteral("c"), false},
            {"\\c with _ in a class is a control", QStringLiteral("^[\\c_]$"), utf16(0x1F), true},
            // in a class \B is B
            {"\\B in a class is B", QStringLiteral("^[\\B]$"), QStringLiteral("B"), true},
            {"\\B in a class is no backslash", QStringLiteral("^[\\B]$"), QStringLiteral("\\"),
             false},
        };
        for (const MatchCase& c : cases)
            QTest::newRow(c.name) << c.source << c.subject << c.matches;
    }
    void escapes_match_what_javascript_matches() { check_match(); }

    void classes_match_what_javascript_matches_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<bool>("matches");
        const QString nbsp = utf16(0xA0);
        const MatchCase cases[] = {
            // \s inside a class is JS's whitespace set
            {"[\\sx] takes a space", QStringLiteral("^[\\sx]$"), QStringLiteral(" "), true},
            {"[\\sx] takes x", QStringLiteral("^[\\sx]$"), QStringLiteral("x"), true},
            {"[\\sx] takes no-break space", QStringLiteral("^[\\sx]$"), nbsp, true},
            {"[\\sx] takes U+FEFF", QStringLiteral("^[\\sx]$"), utf16(0xFEFF), true},
            {"[\\sx] refuses y", QStringLiteral("^[\\sx]$"), QStringLiteral("y"), false},
            // negated classes holding \S: whitespace, minus the other members
            {"[^\\S] takes a space", QStringLiteral("^[^\\S]$"), QStringLiteral(" "), true},
            {"[^\\S] takes a line separator", QStringLiteral("^[^\\S]$"), utf16(0x2028), true},
            {"[^\\S] refuses a", QStringLiteral("^[^\\S]$"), QStringLiteral("a"), false},
            {"[^ \\S] refuses a space", QStringLiteral("^[^ \\S]$"), QStringLiteral(" "), false},
            {"[^ \\S] takes a tab", QStringLiteral("^[^ \\S]$"), QStringLiteral("\t"), true},
            {"[^ \\S] refuses a", QStringLiteral("^[^ \\S]$"), QStringLiteral("a"), false},
            {"[^x\\S] takes a space", QStringLiteral("^[^x\\S]$"), QStringLiteral(" "), true},
            {"[^x\\S] refuses x", QStringLiteral("^[^x\\S]$"), QStringLiteral("x"), false},
            // a class holding a character outside the BMP matches that character
            {"[emoji] finds the emoji", QStringLiteral("[") + grinning_face() + QStringLiteral("]"),
             QStringLiteral("a") + grinning_face() + QStringLiteral("b"), true},
            {"[emoji x] finds x", QStringLiteral("[") + grinning_face() + QStringLiteral("x]"),
             QStringLiteral("axb"), true},
            {"[emoji] refuses plain text",
             QStringLiteral("[") + grinning_face() + QStringLiteral("]"), QStringLiteral("ab"),
             false},
        };
        for (const MatchCase& c : cases)
            QTest::newRow(c.name) << c.source << c.subject << c.matches;
    }
    void classes_match_what_javascript_matches() { check_match(); }

    // V8: "Invalid regular expression: /(?<1a>x)/: Invalid capture group name"
    void capture_group_names_javascript_refuses_are_refused_in_v8s_words() {
        for (const QString& source :
             {QStringLiteral("(?<1a>x)"), QStringLiteral("(?<a-b>x)"), QStringLiteral("(?<>x)")}) {
            const auto compiled = compile_js_regex(source, false);
            QVERIFY2(!compiled, qPrintable(source));
            QCOMPARE(QString::fromStdString(compiled.error()),
                     QStringLiteral("Invalid regular expression: /%1/: Invalid capture group name")
                         .arg(source));
        }
    }

  private:
    static void check_match() {
        QFETCH(QString, source);
        QFETCH(QString, subject);
        QFETCH(bool, matches);
        const auto compiled = compile_js_regex(source, false);
        QVERIFY2(compiled, compiled ? "" : compiled.error().c_str());
        QCOMPARE(compiled->match(subject).hasMatch(), matches);
    }
};

QTEST_APPLESS_MAIN(TestJsRegex)
#include "test_js_regex.moc"
