// node-ignore 7.0.5's gitignore semantics (the `ignore` package of the reference). The expected
// answers and regular-expression sources were produced by running node-ignore itself.

#include <QTest>

#include <string>

#include "gitignore_rule.h"
#include "ignore_rules.h"
#include "js_regex.h"

using lapce_ai::ignore::compile_js_regex;
using lapce_ai::ignore::IgnoreError;
using lapce_ai::ignore::IgnoreRules;

namespace {

struct IgnoresCase {
    const char* rules;
    const char* path;
    const char* expected;  // "true", "false" or "error"
};

// rules, path, node-ignore's answer
constexpr IgnoresCase kIgnoresCases[] = {
    {"foo", "foo", "true"},
    {"foo", "a/foo", "true"},
    {"foo", "foo/bar", "true"},
    {"foo", "foobar", "false"},
    {"foo", "FOO", "true"},
    {"foo", "a/foo/", "true"},
    {"foo", "xfoo", "false"},
    {"foo/", "foo", "false"},
    {"foo/", "foo/", "true"},
    {"foo/", "a/foo/", "true"},
    {"foo/", "foo/bar", "true"},
    {"foo/", "a/foo", "false"},
    {"foo/", "a/foo/b", "true"},
    {"/foo", "foo", "true"},
    {"/foo", "a/foo", "false"},
    {"/foo", "foo/x", "true"},
    {"a/b", "a/b", "true"},
    {"a/b", "x/a/b", "false"},
    {"a/b", "a/b/c", "true"},
    {"a/b", "A/B", "true"},
    {"*.js", "a.js", "true"},
    {"*.js", "x/a.js", "true"},
    {"*.js", "a.jsx", "false"},
    {"*.js", ".js", "true"},
    {"*.js", "a.js/", "true"},
    {"*.js", "js", "false"},
    {"*.js\n!b.js", "b.js", "false"},
    {"*.js\n!b.js", "a.js", "true"},
    {"*.js\n!b.js", "d/b.js", "false"},
    {"dir/\n!dir/keep.txt", "dir/keep.txt", "true"},
    {"dir/\n!dir/keep.txt", "dir/", "true"},
    {"dir/\n!dir/keep.txt", "dir", "false"},
    {"dir/*\n!dir/keep.txt", "dir/keep.txt", "false"},
    {"dir/*\n!dir/keep.txt", "dir/other", "true"},
    {"dir/*\n!dir/keep.txt", "dir", "false"},
    {"dir/*\n!dir/keep.txt", "dir/", "false"},
    {"**/foo", "foo", "true"},
    {"**/foo", "a/b/foo", "true"},
    {"**/foo", "a/foo/x", "true"},
    {"a/**/b", "a/b", "true"},
    {"a/**/b", "a/x/y/b", "true"},
    {"a/**/b", "x/a/b", "false"},
    {"a/**/b", "a/xb", "false"},
    {"a/**", "a/x", "true"},
    {"a/**", "a", "false"},
    {"a/**", "a/", "false"},
    {"a/**", "a/x/y", "true"},
    {"#comment\n\\#hash", "#comment", "false"},
    {"#comment\n\\#hash", "#hash", "true"},
    {"\\!bang", "!bang", "true"},
    {"\\!bang", "bang", "false"},
    {"trail   ", "trail", "true"},
    {"trail   ", "trail ", "false"},
    {"sp\\ ", "sp ", "true"},
    {"sp\\ ", "sp", "false"},
    {"a\\ b", "a b", "true"},
    {"a\\ b", "a\\ b", "false"},
    {"[abc].txt", "a.txt", "true"},
    {"[abc].txt", "d.txt", "false"},
    {"[abc].txt", "B.txt", "true"},
    {"[a-c]x", "bx", "true"},
    {"[a-c]x", "dx", "false"},
    {"[z-a]x", "x", "false"},
    {"[z-a]x", "zx", "false"},
    {"[z-a]x", "ax", "false"},
    {"file?.txt", "file1.txt", "true"},
    {"file?.txt", "file/.txt", "false"},
    {"file?.txt", "file12.txt", "false"},
    {"file?.txt", "file.txt", "false"},
    {"/*", "a", "true"},
    {"/*", "a/b", "true"},
    {"/*", ".x", "true"},
    {"abc/*", "abc/", "false"},
    {"abc/*", "abc/x", "true"},
    {"abc/*", "abc", "false"},
    {"abc/*", "abc/x/y", "true"},
    {"a*", "a", "true"},
    {"a*", "aa", "true"},
    {"a*", "ba", "false"},
    {"foo\\", "foo\\", "false"},
    {"foo\\", "foo", "false"},
    {"\\*star", "*star", "true"},
    {"\\*star", "xstar", "false"},
    {"!", "a", "false"},
    {"!", "b/c", "false"},
    {"**", "a", "true"},
    {"**", "a/b", "true"},
    {"*", "a/b", "true"},
    {"*", "a", "true"},
    {"a.b", "aXb", "false"},
    {"a.b", "a.b", "true"},
    {"a$b", "a$b", "true"},
    {"(x)", "(x)", "true"},
    {"(x)", "x", "false"},
    {"\\?q", "xq", "false"},
    {"\\?q", "?q", "false"},
    {"\\?q", "[^/]q", "false"},
    {"\xc3\xa9", "\xc3\x89", "true"},
    {"\xc3\xa9", "\xc3\xa9", "true"},
    {"x\r\ny\n\n z", "x", "true"},
    {"x\r\ny\n\n z", "y", "true"},
    {"x\r\ny\n\n z", " z", "true"},
    {"x\r\ny\n\n z", "z", "false"},
    {"\\d", "5", "true"},
    {"\\d", "d", "false"},
    {"a[", "a[", "false"},
    {"a[", "a", "false"},
    {".gitignore", ".gitignore", "true"},
    {".gitignore", "sub/.gitignore", "true"},
    {"*.log\n!important.log\nimportant.log", "important.log", "true"},
    {"*.log\n!important.log\nimportant.log", "x.log", "true"},
    {"doc/*.txt", "doc/a.txt", "true"},
    {"doc/*.txt", "doc/x/a.txt", "false"},
    {"node_modules/\n!node_modules/keep", "node_modules/keep", "true"},
    {"node_modules/\n!node_modules/keep", "node_modules/", "true"},
    {"a/b/\n!a/", "a/b/c", "true"},
    {"a/b/\n!a/", "a/", "false"},
    {"*.txt\n!/keep.txt", "keep.txt", "false"},
    {"*.txt\n!/keep.txt", "sub/keep.txt", "true"},
    {"\xef\xbb\xbf"
     "bom",
     "bom", "true"},
    {"foo/**/", "foo/a/", "true"},
    {"foo/**/", "foo/a", "true"},
    {"foo/**/", "foo/", "true"},
    {"[!a]x", "bx", "false"},
    {"[!a]x", "ax", "true"},
    {"[!a]x", "!x", "true"},
    {"[\\]]x", "]x", "false"},
    {"a\\\\b", "a\\b", "true"},
    {"src/**/*.ts", "src/a.ts", "true"},
    {"src/**/*.ts", "src/x/y/a.ts", "true"},
    {"src/**/*.ts", "a.ts", "false"},
    {"", "a", "false"},
    {"build\n!build/keep", "build/keep", "true"},
    {"build\n!build/keep", "build", "true"},
    {"tmp ", "tmp", "true"},
    {"a", "", "error"},
    {"a", "/abs", "error"},
    {"a", "./a", "error"},
    {"a", "../a", "error"},
    {"a", ".", "error"},
    {"a", "..", "error"},
    {"a", ".hidden", "false"},
    {"a", "a//b", "true"},
    {"\xef\xbb\xbf#comment", "#comment", "true"},
    {"\xef\xbb\xbf", "\xef\xbb\xbf", "false"},
    {"a\n\xef\xbb\xbf\n!a", "a", "false"},
    {"a\nb[~-!]", "a/b", "true"},
    {"\\s", "a b", "false"},
    {"x\\sy", "x y", "true"},
    {"\\u0041", "a", "true"},
    {"\\x41b", "ab", "true"},
    {"[\\d-z]", "-", "true"},
    {"[\\d-z]", "5", "true"},
    {"\\101", "a", "true"},
    {"\\8", "8", "true"},
    {"a.b/", "a.b/", "true"},
    {"[^/]", "x", "false"},
    {"\\cJ", "\n", "true"},
    {"\\k", "k", "true"},
    {"\\b", "b", "false"},
    {"x\\b", "x", "true"},
    {"[\\b]", "\x08", "true"},
    {"\\ka", "ka", "true"},
    {"[\\S]x", "ax", "true"},
    {"[\\S]x", " x", "false"},
    {"\\S", "a", "true"},
    {"\\v", "\x0b", "true"},
    {"x?y", "x\xc3\xa9y", "true"},
    {"a\\\\\\ b", "a\\ b", "true"},
    {"x\\ \\ ", "x  ", "true"},
    {"*/x", "a/x", "true"},
    {"*/x", "a/b/x", "false"},
    {"a/*/b", "a/x/b", "true"},
    {"\\[x]", "[x]", "true"},
    {"[a\\]x", "a]x", "false"},
    {"[a\\\\]x", "ax", "true"},
    {"[\\]]x", "]x", "false"},
    {"x.y", "x\ny", "false"},
    {"*", "a\nb", "true"},
    {"a", "a\n", "false"},
};

struct SourceCase {
    const char* pattern;
    const char* regex_source;
    bool negative;
};

// pattern, the RegExp source node-ignore builds for ignores(), negation
constexpr SourceCase kSourceCases[] = {
    {"foo", "(?:^|\\/)foo(?=$|\\/$)", false},
    {"foo/", "(?:^|\\/)foo\\/$", false},
    {"/foo", "^foo(?=$|\\/$)", false},
    {"a/b", "^a\\/b(?=$|\\/$)", false},
    {"*.js", "(?:^|\\/)[^\\/]*\\.js(?=$|\\/$)", false},
    {"!b.js", "(?:^|\\/)b\\.js(?=$|\\/$)", true},
    {"dir/*", "^dir\\/[^/]+(?=$|\\/$)", false},
    {"**/foo", "^(?:.*\\/)?foo(?=$|\\/$)", false},
    {"a/**/b", "^a(?:\\/[^\\/]+)*\\/b(?=$|\\/$)", false},
    {"a/**", "^a\\/.+(?=$|\\/$)", false},
    {"\\#hash", "(?:^|\\/)#hash(?=$|\\/$)", false},
    {"\\!bang", "(?:^|\\/)!bang(?=$|\\/$)", false},
    {"trail   ", "(?:^|\\/)trail(?=$|\\/$)", false},
    {"sp\\ ", "(?:^|\\/)sp (?=$|\\/$)", false},
    {"a\\ b", "(?:^|\\/)a b(?=$|\\/$)", false},
    {"[abc].txt", "(?:^|\\/)[abc]\\.txt(?=$|\\/$)", false},
    {"[z-a]x", "(?:^|\\/)[]x(?=$|\\/$)", false},
    {"file?.txt", "(?:^|\\/)file[^\\/]\\.txt(?=$|\\/$)", false},
    {"/*", "^[^/]*(?=$|\\/$)", false},
    {"abc/*", "^abc\\/[^/]+(?=$|\\/$)", false},
    {"a*", "(?:^|\\/)a[^/]*(?=$|\\/$)", false},
    {"\\*star", "(?:^|\\/)\\*star(?=$|\\/$)", false},
    {"!", "", true},
    {"**", "(?:^|\\/)[^\\/]*[^/]*(?=$|\\/$)", false},
    {"*", "(?:^|\\/)[^/]*(?=$|\\/$)", false},
    {"a.b", "(?:^|\\/)a\\.b(?=$|\\/$)", false},
    {"a$b", "(?:^|\\/)a\\$b(?=$|\\/$)", false},
    {"(x)", "(?:^|\\/)\\(x\\)(?=$|\\/$)", false},
    {"\\?q", "(?:^|\\/)\\[^\\/]q(?=$|\\/$)", false},
    {"\\d", "(?:^|\\/)\\d(?=$|\\/$)", false},
    {"a[", "(?:^|\\/)a[](?=$|\\/$)", false},
    {"doc/*.txt", "^doc\\/[^\\/]*\\.txt(?=$|\\/$)", false},
    {"src/**/*.ts", "^src(?:\\/[^\\/]+)*\\/[^\\/]*\\.ts(?=$|\\/$)", false},
    {"foo/**/", "^foo(?:\\/[^\\/]+)*\\/$", false},
    {"[!a]x", "(?:^|\\/)[!a]x(?=$|\\/$)", false},
    {"[\\]]x", "(?:^|\\/)[]]x(?=$|\\/$)", false},
    {"a\\\\b", "(?:^|\\/)a\\\\b(?=$|\\/$)", false},
    {"[a\\]x", "(?:^|\\/)[]x(?=$|\\/$)", false},
    {"[a\\\\]x", "(?:^|\\/)[a\\\\]x(?=$|\\/$)", false},
    {"\\[x]", "(?:^|\\/)\\[x](?=$|\\/$)", false},
    {"*/x", "^[^\\/]*\\/x(?=$|\\/$)", false},
    {"x\\ \\ ", "(?:^|\\/)x  (?=$|\\/$)", false},
    {"a\\\\\\ b", "(?:^|\\/)a\\\\ b(?=$|\\/$)", false},
    {"\xef\xbb\xbf"
     "bom",
     "(?:^|\\/)bom(?=$|\\/$)", false},
    {"a**b", "(?:^|\\/)a[^\\/]*b(?=$|\\/$)", false},
    {"**/*.min.js", "^(?:.*\\/)?[^\\/]*\\.min\\.js(?=$|\\/$)", false},
    {"[0-9]*.log", "(?:^|\\/)[0-9][^\\/]*\\.log(?=$|\\/$)", false},
    {"x{1,2}", "(?:^|\\/)x\\{1,2}(?=$|\\/$)", false},
    {"a|b", "(?:^|\\/)a\\|b(?=$|\\/$)", false},
    {"a+b", "(?:^|\\/)a\\+b(?=$|\\/$)", false},
    {"^x", "(?:^|\\/)\\^x(?=$|\\/$)", false},
    {"a\\*", "(?:^|\\/)a[^/]*(?=$|\\/$)", false},
    {"foo/**/bar/", "^foo(?:\\/[^\\/]+)*\\/bar\\/$", false},
    {"\\\\", "(?:^|\\/)\\\\(?=$|\\/$)", false},
};

std::string answer(const IgnoreRules& rules, const char* path) {
    auto ignored = rules.ignores(path);
    if (!ignored) return "error";
    return *ignored ? "true" : "false";
}

}  // namespace

class TestIgnoreRules : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void ignores_answers_like_node_ignore_data() {
        QTest::addColumn<int>("index");
        for (int i = 0; i < static_cast<int>(std::size(kIgnoresCases)); ++i) {
            const IgnoresCase& c = kIgnoresCases[i];
            QTest::newRow(qPrintable(QStringLiteral("%1: %2 | %3")
                                         .arg(i)
                                         .arg(QString::fromUtf8(c.rules).replace(
                                             QLatin1Char('\n'), QLatin1String("\\n")))
                                         .arg(QString::fromUtf8(c.path))))
                << i;
        }
    }
    void ignores_answers_like_node_ignore() {
        QFETCH(int, index);
        const IgnoresCase& c = kIgnoresCases[index];
        IgnoreRules rules;
        rules.add(c.rules);
        QCOMPARE(answer(rules, c.path), std::string(c.expected));
    }

    void rules_become_node_ignores_regular_expressions_data() {
        QTest::addColumn<int>("index");
        for (int i = 0; i < static_cast<int>(std::size(kSourceCases)); ++i)
            QTest::newRow(kSourceCases[i].pattern) << i;
    }
    void rules_become_node_ignores_regular_expressions() {
        QFETCH(int, index);
        const SourceCase& c = kSourceCases[index];
        const auto rule = lapce_ai::ignore::create_rule(QString::fromUtf8(c.pattern));
        QCOMPARE(rule.regex_source, QString::fromUtf8(c.regex_source));
        QCOMPARE(rule.negative, c.negative);
    }

    void paths_node_ignore_refuses_are_typed_errors() {
        IgnoreRules rules;
        rules.add("a");
        auto empty = rules.ignores("");
        QVERIFY(!empty);
        QCOMPARE(empty.error().kind, IgnoreError::Kind::EmptyPath);
        QCOMPARE(empty.error().message, std::string("path must not be empty"));
        for (const char* path : {"/abs", "./a", "../a", ".", ".."}) {
            auto refused = rules.ignores(path);
            QVERIFY(!refused);
            QCOMPARE(refused.error().kind, IgnoreError::Kind::NotRelativePath);
            QCOMPARE(refused.error().message,
                     "path should be a `path.relative()`d string, but got \"" + std::string(path) +
                         "\"");
        }
        QCOMPARE(answer(rules, ".hidden"), std::string("false"));
        QCOMPARE(answer(rules, "..."), std::string("false"));
    }

    void a_rule_javascript_rejects_is_an_error_only_when_tested() {
        IgnoreRules rules;
        rules.add("[~-!]x");
        auto result = rules.ignores("x");
        QVERIFY(!result);
        QCOMPARE(result.error().kind, IgnoreError::Kind::InvalidRule);
        QVERIFY(result.error().message.find("Range out of order") != std::string::npos);

        // A path already ignored by an earlier rule never tries it.
        IgnoreRules earlier;
        earlier.add("x\n[~-!]x");
        QCOMPARE(answer(earlier, "x"), std::string("true"));
    }

    void add_reports_whether_rules_were_added() {
        IgnoreRules rules;
        QVERIFY(!rules.add("# only a comment\n\n   \nends with backslash\\"));
        QCOMPARE(rules.rule_count(), std::size_t{0});
        QVERIFY(rules.add("a\r\nb\n"));
        QCOMPARE(rules.rule_count(), std::size_t{2});
    }

    void answers_change_when_rules_are_added() {
        IgnoreRules rules;
        rules.add("*.log");
        QCOMPARE(answer(rules, "keep.log"), std::string("true"));
        QCOMPARE(answer(rules, "dir/"), std::string("false"));
        rules.add("!keep.log\ndir/");
        QCOMPARE(answer(rules, "keep.log"), std::string("false"));
        QCOMPARE(answer(rules, "dir/"), std::string("true"));
        QCOMPARE(answer(rules, "dir/file"), std::string("true"));
    }

    void case_is_ignored_by_default_and_can_be_respected() {
        IgnoreRules sensitive(false);
        sensitive.add("Foo");
        QCOMPARE(answer(sensitive, "foo"), std::string("false"));
        QCOMPARE(answer(sensitive, "Foo"), std::string("true"));
        IgnoreRules insensitive;
        insensitive.add("Foo");
        QCOMPARE(answer(insensitive, "FOO"), std::string("true"));
    }

    // What `new RegExp(source)` throws in Node 20 (V8), for each way a pattern can be malformed.
    void malformed_regular_expressions_are_refused_in_v8s_words_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("message");
        const std::pair<const char*, const char*> cases[] = {
            {"(", "Unterminated group"},
            {"a)", "Unmatched ')'"},
            {"*a", "Nothing to repeat"},
            {"+", "Nothing to repeat"},
            {"[a", "Unterminated character class"},
            {"a\\", "\\ at end of pattern"},
            {"[z-a]", "Range out of order in character class"},
            {"a{3,1}", "numbers out of order in {} quantifier"},
            {"(?x)", "Invalid group"},
            {"(?<n>a)(?<n>b)", "Duplicate capture group name"},
        };
        for (const auto& [source, message] : cases)
            QTest::newRow(source) << QString::fromUtf8(source) << QString::fromUtf8(message);
    }
    void malformed_regular_expressions_are_refused_in_v8s_words() {
        QFETCH(QString, source);
        QFETCH(QString, message);
        const auto compiled = compile_js_regex(source, false, true);
        QVERIFY(!compiled);
        QCOMPARE(QString::fromStdString(compiled.error()),
                 QStringLiteral("Invalid regular expression: /%1/: %2").arg(source, message));
    }
};

QTEST_APPLESS_MAIN(TestIgnoreRules)
#include "test_ignore_rules.moc"
