// The order-preserving JSON used to print MCP schemas as the reference's JSON.stringify does.

#include <QTest>

#include "ordered_json.h"

using namespace lapce_ai::json;

namespace {

std::string restringify(std::string_view text, int indent = 0) {
    auto parsed = parse_ordered_json(text);
    if (!parsed) return "error: " + parsed.error();
    return json_stringify(*parsed, indent);
}

std::string number_text(std::string_view literal) {
    auto parsed = parse_ordered_json(literal);
    return parsed ? js_number_to_string(parsed->as_number()) : "error";
}

}  // namespace

class TestOrderedJson : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void to_well_formed_replaces_lone_surrogates_only();
    void keys_keep_their_order();
    void array_index_keys_come_first_like_javascript();
    void a_repeated_key_keeps_its_first_place_and_last_value();
    void pretty_printing_matches_json_stringify();
    void indent_is_clamped_to_ten();
    void numbers_print_like_javascript();
    void out_of_range_numbers_become_infinity_or_zero();
    void strings_are_escaped_like_json_stringify();
    void lone_surrogates_survive_a_round_trip();
    void invalid_json_is_an_error_with_an_offset();
    void deep_nesting_is_refused_without_crashing();
    void string_conversion_and_truthiness_follow_javascript();
};

void TestOrderedJson::keys_keep_their_order() {
    QCOMPARE(restringify(R"({"type":"object","properties":{"z":{},"a":[]},"required":["z"]})"),
             std::string(R"({"type":"object","properties":{"z":{},"a":[]},"required":["z"]})"));
}

void TestOrderedJson::array_index_keys_come_first_like_javascript() {
    QCOMPARE(restringify(R"({"b":1,"10":2,"2":3,"01":4,"-1":5,"4294967295":6,"4294967294":7})"),
             std::string(R"({"2":3,"10":2,"4294967294":7,"b":1,"01":4,"-1":5,"4294967295":6})"));
}

void TestOrderedJson::a_repeated_key_keeps_its_first_place_and_last_value() {
    QCOMPARE(restringify(R"({"a":1,"b":2,"a":{"c":3}})"), std::string(R"({"a":{"c":3},"b":2})"));
    auto parsed = parse_ordered_json(R"({"a":1,"a":2})");
    QVERIFY(parsed);
    QCOMPARE(parsed->members().size(), std::size_t(1));
    QCOMPARE(parsed->find("a")->as_number(), 2.0);
}

void TestOrderedJson::pretty_printing_matches_json_stringify() {
    QCOMPARE(restringify(R"( {"a": [1, {}, [], {"b": null}], "c": true} )", 2),
             std::string("{\n  \"a\": [\n    1,\n    {},\n    [],\n    {\n      \"b\": null\n"
                         "    }\n  ],\n  \"c\": true\n}"));
    QCOMPARE(restringify("[]", 2), std::string("[]"));
    QCOMPARE(restringify("\"x\"", 2), std::string("\"x\""));
}

void TestOrderedJson::indent_is_clamped_to_ten() {
    QCOMPARE(restringify("[1]", 20), std::string("[\n          1\n]"));
    QCOMPARE(restringify("[1]", -3), std::string("[1]"));
}

void TestOrderedJson::numbers_print_like_javascript() {
    QCOMPARE(number_text("1e21"), std::string("1e+21"));
    QCOMPARE(number_text("1e20"), std::string("100000000000000000000"));
    QCOMPARE(number_text("123456789012345678901234"), std::string("1.2345678901234569e+23"));
    QCOMPARE(number_text("0.000001"), std::string("0.000001"));
    QCOMPARE(number_text("1e-7"), std::string("1e-7"));
    QCOMPARE(number_text("1.5e-10"), std::string("1.5e-10"));
    QCOMPARE(number_text("123.456e2"), std::string("12345.6"));
    QCOMPARE(number_text("0.30000000000000004"), std::string("0.30000000000000004"));
    QCOMPARE(number_text("-0"), std::string("0"));
    QCOMPARE(number_text("-2.50"), std::string("-2.5"));
    QCOMPARE(number_text("5e-324"), std::string("5e-324"));
    QCOMPARE(number_text("1.7976931348623157e308"), std::string("1.7976931348623157e+308"));
    QCOMPARE(restringify("[1.0, 100, 2E3]"), std::string("[1,100,2000]"));
}

void TestOrderedJson::out_of_range_numbers_become_infinity_or_zero() {
    QCOMPARE(number_text("1e400"), std::string("Infinity"));
    QCOMPARE(number_text("-12.5e999"), std::string("-Infinity"));
    QCOMPARE(number_text("1e-400"), std::string("0"));
    QCOMPARE(number_text("0.0000001e-400"), std::string("0"));
    QCOMPARE(restringify("[1e400, -1e400]"), std::string("[null,null]"));
}

void TestOrderedJson::strings_are_escaped_like_json_stringify() {
    const std::string escapes = R"(["\u0001\u001f\b\f\n\r\t\"\\\/", "\u007f\u2028é😀"])";
    const std::string printed = "[\"\\u0001\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\",\"\x7f\u2028é😀\"]";
    QCOMPARE(restringify(escapes), printed);
    const std::string pair = R"("\ud83d\ude00")";
    QCOMPARE(restringify(pair), std::string("\"😀\""));
}

void TestOrderedJson::lone_surrogates_survive_a_round_trip() {
    QCOMPARE(restringify(R"(["\ud800", "\udc00x", "\ud83d\u0041"])"),
             std::string(R"(["\ud800","\udc00x","\ud83dA"])"));
}

void TestOrderedJson::invalid_json_is_an_error_with_an_offset() {
    for (std::string_view text : {"",
                                  "  ",
                                  "[1,]",
                                  "{\"a\":1,}",
                                  "{'a':1}",
                                  "01",
                                  "1.",
                                  "-",
                                  "tru",
                                  "nul",
                                  "[1] x",
                                  "\"a\nb\"",
                                  "\"\\x\"",
                                  "\"\\u12\"",
                                  "{\"a\" 1}",
                                  "{1:2}",
                                  "[",
                                  "\"abc",
                                  "\xEF\xBB\xBF{}",
                                  "\"\xC3\"",
                                  "\"\xED\xA0\x80\"",
                                  "\"\xC0\xAF\"",
                                  "NaN",
                                  "+1"}) {
        auto parsed = parse_ordered_json(text);
        QVERIFY2(!parsed, std::string(text).c_str());
        QVERIFY(parsed.error().starts_with("invalid JSON at offset "));
    }
    QCOMPARE(parse_ordered_json("[1,]").error(),
             std::string("invalid JSON at offset 3: unexpected character"));
}

void TestOrderedJson::deep_nesting_is_refused_without_crashing() {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    auto parsed = parse_ordered_json(deep);
    QVERIFY(!parsed);
    QVERIFY(parsed.error().find("nested too deeply") != std::string::npos);
    const std::string fine = std::string(512, '[') + std::string(512, ']');
    QVERIFY(parse_ordered_json(fine));
}

void TestOrderedJson::string_conversion_and_truthiness_follow_javascript() {
    auto array = parse_ordered_json(R"([1, null, "a", [2, [3, null]], {"k": 1}, true, 1e21])");
    QVERIFY(array);
    QCOMPARE(js_to_string(*array), std::string("1,,a,2,3,,[object Object],true,1e+21"));
    QCOMPARE(js_array_join(*array, " "), std::string("1  a 2,3, [object Object] true 1e+21"));
    QCOMPARE(js_to_string(OrderedJson()), std::string("null"));
    QVERIFY(!js_truthy(OrderedJson()));
    QVERIFY(!js_truthy(OrderedJson::number(0)));
    QVERIFY(!js_truthy(OrderedJson::string("")));
    QVERIFY(!js_truthy(OrderedJson::boolean(false)));
    QVERIFY(js_truthy(OrderedJson::string("0")));
    QVERIFY(js_truthy(OrderedJson::array({})));
    QVERIFY(js_truthy(OrderedJson::object({})));
}

void TestOrderedJson::to_well_formed_replaces_lone_surrogates_only() {
    auto parsed = parse_ordered_json("[\"a\\ud83d\\ude00b\", \"c\\ud83dd\", \"\\udc00\"]");
    QVERIFY(parsed);
    QCOMPARE(js_to_well_formed(parsed->items()[0].as_string()), std::string("a\U0001F600b"));
    QCOMPARE(js_to_well_formed(parsed->items()[1].as_string()), std::string("c\uFFFDd"));
    QCOMPARE(js_to_well_formed(parsed->items()[2].as_string()), std::string("\uFFFD"));
}

QTEST_GUILESS_MAIN(TestOrderedJson)
#include "test_ordered_json.moc"
