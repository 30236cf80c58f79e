// The template subset that holds the reference's verbatim texts.

#include <QTest>

#include "prompt_template.h"
#include "prompt_texts.h"

using namespace lapce_ai::prompts;

class TestPromptTemplate : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void text_without_tags_is_kept_byte_for_byte();
    void values_are_inserted_verbatim();
    void sections_render_only_when_their_flag_is_true();
    void inverted_sections_render_only_when_their_flag_is_false();
    void sections_nest();
    void unclosed_or_mismatched_sections_are_rejected();
    void malformed_tags_are_rejected();
    void a_missing_value_or_flag_is_a_template_error();
    void names_lists_values_and_flags_once_in_order();
    void every_embedded_text_parses();
    void an_unknown_text_name_is_a_template_error();
};

void TestPromptTemplate::text_without_tags_is_kept_byte_for_byte() {
    const std::string source = "line one\n\n  indented } { single braces\t\r\n";
    auto parsed = PromptTemplate::parse(source);
    QVERIFY(parsed);
    QCOMPARE(parsed->render(), source);
}

void TestPromptTemplate::values_are_inserted_verbatim() {
    auto parsed = PromptTemplate::parse("cwd: {{cwd}} ({{cwd}})");
    QVERIFY(parsed);
    QCOMPARE(parsed->render(TemplateValues().set("cwd", "/a/{{b}}")),
             std::string("cwd: /a/{{b}} (/a/{{b}})"));
}

void TestPromptTemplate::sections_render_only_when_their_flag_is_true() {
    auto parsed = PromptTemplate::parse("a{{#on}}\nB {{x}}\n{{/on}}c");
    QVERIFY(parsed);
    QCOMPARE(parsed->render(TemplateValues().flag("on", true).set("x", "1")),
             std::string("a\nB 1\nc"));
    QCOMPARE(parsed->render(TemplateValues().flag("on", false)), std::string("ac"));
}

void TestPromptTemplate::inverted_sections_render_only_when_their_flag_is_false() {
    auto parsed = PromptTemplate::parse("{{#multi}}files{{/multi}}{{^multi}}a file{{/multi}}");
    QVERIFY(parsed);
    QCOMPARE(parsed->render(TemplateValues().flag("multi", true)), std::string("files"));
    QCOMPARE(parsed->render(TemplateValues().flag("multi", false)), std::string("a file"));
}

void TestPromptTemplate::sections_nest() {
    auto parsed = PromptTemplate::parse("{{#a}}A{{#b}}B{{/b}}{{^b}}b{{/b}}{{/a}}");
    QVERIFY(parsed);
    QCOMPARE(parsed->render(TemplateValues().flag("a", true).flag("b", true)), std::string("AB"));
    QCOMPARE(parsed->render(TemplateValues().flag("a", true).flag("b", false)), std::string("Ab"));
    QCOMPARE(parsed->render(TemplateValues().flag("a", false)), std::string());
}

void TestPromptTemplate::unclosed_or_mismatched_sections_are_rejected() {
    QVERIFY(!PromptTemplate::parse("{{#a}}text"));
    QVERIFY(!PromptTemplate::parse("{{#a}}text{{/b}}"));
    QVERIFY(!PromptTemplate::parse("text{{/a}}"));
}

void TestPromptTemplate::malformed_tags_are_rejected() {
    QVERIFY(!PromptTemplate::parse("{{unterminated"));
    QVERIFY(!PromptTemplate::parse("{{}}"));
    QVERIFY(!PromptTemplate::parse("{{has space}}"));
    auto error = PromptTemplate::parse("ok {{#}}");
    QVERIFY(!error);
    QVERIFY(error.error().find("offset 3") != std::string::npos);
}

void TestPromptTemplate::a_missing_value_or_flag_is_a_template_error() {
    auto parsed = PromptTemplate::parse("{{x}}{{#f}}{{/f}}");
    QVERIFY(parsed);
    QVERIFY_THROWS_EXCEPTION(TemplateError, parsed->render(TemplateValues().flag("f", true)));
    QVERIFY_THROWS_EXCEPTION(TemplateError, parsed->render(TemplateValues().set("x", "1")));
    // A value is not a flag.
    QVERIFY_THROWS_EXCEPTION(TemplateError,
                             parsed->render(TemplateValues().set("x", "1").set("f", "true")));
}

void TestPromptTemplate::names_lists_values_and_flags_once_in_order() {
    auto parsed = PromptTemplate::parse("{{b}}{{#a}}{{b}}{{c}}{{/a}}{{^d}}{{/d}}");
    QVERIFY(parsed);
    QCOMPARE(parsed->names(), (std::vector<std::string>{"b", "a", "c", "d"}));
}

void TestPromptTemplate::every_embedded_text_parses() {
    // prompt_resource loads (and parses) every embedded file; the profile table is one of them.
    QVERIFY(!prompt_resource("profiles.json").empty());
}

void TestPromptTemplate::an_unknown_text_name_is_a_template_error() {
    QVERIFY_THROWS_EXCEPTION(TemplateError, prompt_text("no/such/text"));
}

QTEST_GUILESS_MAIN(TestPromptTemplate)
#include "test_prompt_template.moc"
