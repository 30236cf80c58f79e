// JSON.parse with V8's messages (Node v20.20.2). The expected messages were printed by node:
//   node -e 'try{JSON.parse(new TextDecoder("utf-8",{ignoreBOM:true}).decode(buf))}catch(e){...}'
// (strings below are UTF-8; a lone surrogate of a message is written in its WTF-8 form).

#include <QTest>

#include <string>

#include "js_json_parse.h"

using namespace lapce_ai::json;

namespace {

struct Case {
    const char* input;
    const char* message;  // nullptr: JSON.parse accepts the input
};

// clang-format off
const Case kNodeCases[] = {
        {"", "Unexpected end of JSON input"},
        {" ", "Unexpected end of JSON input"},
        {"{", "Expected property name or '}' in JSON at position 1"},
        {"[", "Unexpected end of JSON input"},
        {"{\"a\"", "Expected ':' after property name in JSON at position 4"},
        {"{\"a\":", "Unexpected end of JSON input"},
        {"{\"a\":1", "Expected ',' or '}' after property value in JSON at position 6"},
        {"{\"a\":1,", "Expected double-quoted property name in JSON at position 7"},
        {"{\"a\":1,\"b\"", "Unexpected end of JSON input"},
        {"{\"a\":1,\"b\" 2}", "Unexpected number in JSON at position 11"},
        {"{\"a\" 1}", "Expected ':' after property name in JSON at position 5"},
        {"{\"a\":1 \"b\":2}", "Expected ',' or '}' after property value in JSON at position 7"},
        {"{,}", "Expected property name or '}' in JSON at position 1"},
        {"{1:2}", "Expected property name or '}' in JSON at position 1"},
        {"{\"a\":1,}", "Expected double-quoted property name in JSON at position 7"},
        {"{\"a\":1,2}", "Expected double-quoted property name in JSON at position 7"},
        {"[1 2]", "Expected ',' or ']' after array element in JSON at position 3"},
        {"[1,]", "Unexpected token ']', \"[1,]\" is not valid JSON"},
        {"[,]", "Unexpected token ',', \"[,]\" is not valid JSON"},
        {"[1", "Expected ',' or ']' after array element in JSON at position 2"},
        {"tru", "Unexpected end of JSON input"},
        {"trux", "Unexpected token 'x', \"trux\" is not valid JSON"},
        {"nul", "Unexpected end of JSON input"},
        {"nulL", "Unexpected token 'L', \"nulL\" is not valid JSON"},
        {"falsey", "Unexpected non-whitespace character after JSON at position 5"},
        {"fals", "Unexpected end of JSON input"},
        {"true false", "Unexpected non-whitespace character after JSON at position 5"},
        {"01", "Unexpected number in JSON at position 1"},
        {"-01", "Unexpected number in JSON at position 2"},
        {"-", "No number after minus sign in JSON at position 1"},
        {"-a", "No number after minus sign in JSON at position 1"},
        {"1.", "Unterminated fractional number in JSON at position 2"},
        {"1.e", "Unterminated fractional number in JSON at position 2"},
        {"1e", "Exponent part is missing a number in JSON at position 2"},
        {"1e+", "Exponent part is missing a number in JSON at position 3"},
        {"1E-x", "Exponent part is missing a number in JSON at position 3"},
        {"\"abc", "Unterminated string in JSON at position 4"},
        {"\"a\\x\"", "Bad escaped character in JSON at position 3"},
        {"\"a\\u12\"", "Bad Unicode escape in JSON at position 6"},
        {"\"a\\u12", "Bad Unicode escape in JSON at position 6"},
        {"\"a\\", "Unexpected end of JSON input"},
        {"\"a\x01\"", "Bad control character in string literal in JSON at position 2"},
        {"NaN", "\"NaN\" is not valid JSON"},
        {"undefined", "\"undefined\" is not valid JSON"},
        {"Infinity", "\"Infinity\" is not valid JSON"},
        {"[object Object]", "\"[object Object]\" is not valid JSON"},
        {"x", "Unexpected token 'x', \"x\" is not valid JSON"},
        {"abcdefghijklmnopqrstuvwxyz", "Unexpected token 'a', \"abcdefghij\"... is not valid JSON"},
        {"0123456789x0123456789", "Unexpected number in JSON at position 1"},
        {"x01234567890123456789", "Unexpected token 'x', \"x012345678\"... is not valid JSON"},
        {"\"\xc3\xa9\" x", "Unexpected non-whitespace character after JSON at position 4"},
        {"\xf0\x9f\x98\x80", "Unexpected token '\xed\xa0\xbd', \"\xf0\x9f\x98\x80\" is not valid JSON"},
        {"[\xf0\x9f\x98\x80]", "Unexpected token '\xed\xa0\xbd', \"[\xf0\x9f\x98\x80]\" is not valid JSON"},
        {"[\"\xf0\x9f\x98\x80\", \xf0\x9f\x98\x80, 1234567890123456789]", "Unexpected token '\xed\xa0\xbd', \"[\"\xf0\x9f\x98\x80\", \xf0\x9f\x98\x80, 123456\"... is not valid JSON"},
        {"[1] 2", "Unexpected non-whitespace character after JSON at position 4"},
        {"{\"a\":\"b\"} x", "Unexpected non-whitespace character after JSON at position 10"},
        {"[1,2,3 ", "Expected ',' or ']' after array element in JSON at position 7"},
        {"nan", "Unexpected token 'a', \"nan\" is not valid JSON"},
        {"{\"a\":1,\"b\":2", "Expected ',' or '}' after property value in JSON at position 12"},
        {"0x1", "Unexpected non-whitespace character after JSON at position 1"},
        {"0.5.5", "Unexpected non-whitespace character after JSON at position 3"},
        {"[\"a\",\"b\" \"c\"]", "Expected ',' or ']' after array element in JSON at position 9"},
        {"{\"\\u0030\":1 x}", "Expected ',' or '}' after property value in JSON at position 12"},
        {"{\"12\" 1}", "Expected ':' after property name in JSON at position 6"},
        {"{\"1\":1,\"12\"}", "Unexpected token '}', \"{\"1\":1,\"12\"}\" is not valid JSON"},
        {"\"\\\xc3\xa9\"", "Bad escaped character in JSON at position 2"},
        {"\"\\\xc4\x80\"", "Unexpected token '\xc4\x80', \"\"\\\xc4\x80\"\" is not valid JSON"},
        {"\"\\\xf0\x9f\x98\x80\"", "Unexpected token '\xed\xa0\xbd', \"\"\\\xf0\x9f\x98\x80\"\" is not valid JSON"},
        {"\xc3\xa9", "Unexpected token '\xc3\xa9', \"\xc3\xa9\" is not valid JSON"},
        {"\xc4\x80", "Unexpected token '\xc4\x80', \"\xc4\x80\" is not valid JSON"},
        {"tr\xc3\xa9", "Unexpected token '\xc3\xa9', \"tr\xc3\xa9\" is not valid JSON"},
        {"t\xf0\x9f\x98\x80", "Unexpected token '\xed\xa0\xbd', \"t\xf0\x9f\x98\x80\" is not valid JSON"},
        {"[1,2,3,4,5,6,7,8,9,x,1,2,3,4,5,6,7,8,9,10]", "Unexpected token 'x', ...\"5,6,7,8,9,x,1,2,3,4,\"... is not valid JSON"},
        {"[1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,x]", "Unexpected token 'x', ...\"5,6,7,8,9,x]\" is not valid JSON"},
        {"[12345678,x,34567890]", "Unexpected token 'x', ...\"[12345678,x,34567890\"... is not valid JSON"},
        {"[\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\",x,\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\"]", "Unexpected token 'x', ...\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\",x,\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xed\xa0\xbd\"... is not valid JSON"},
        {"{\"a\":tx}", "Unexpected token 'x', \"{\"a\":tx}\" is not valid JSON"},
        {"[1,\"a\x09\"]", "Bad control character in string literal in JSON at position 5"},
        {"{\"a\":\"\\u\"}", "Bad Unicode escape in JSON at position 8"},
        {"\xef\xbb\xbf{}", "Unexpected token '\xef\xbb\xbf', \"\xef\xbb\xbf{}\" is not valid JSON"},
        {"{\"a\":[1,{\"b\":nul}]}", "Unexpected token '}', \"{\"a\":[1,{\"b\":nul}]}\" is not valid JSON"},
        {"[-]", "No number after minus sign in JSON at position 2"},
        {"[-0.]", "Unterminated fractional number in JSON at position 4"},
        {"-0e", "Exponent part is missing a number in JSON at position 3"},
        {"[1e5x]", "Expected ',' or ']' after array element in JSON at position 4"},
        {"{\"id\":\"chatcmpl-x\",\"choices\":[{\"delta\":{\"content\":\"oops", "Unterminated string in JSON at position 55"},
        {"{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"oops", "Unterminated string in JSON at position 53"},
        {"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"oops", "Unterminated string in JSON at position 81"},
        {"[\"\xe2\x80\xa8\"] }", "Unexpected non-whitespace character after JSON at position 6"},
        {"{\"a\":1}}", "Unexpected non-whitespace character after JSON at position 7"},
        {"[]]", "Unexpected non-whitespace character after JSON at position 2"},
        {"{}x", "Unexpected non-whitespace character after JSON at position 2"},
        {"\x09\x0d\x0a", "Unexpected end of JSON input"},
        {"\"\\/\\b\\f\\n\\r\\t\\\"\\\\\" ,", "Unexpected non-whitespace character after JSON at position 19"},
        {"\"\xff\" x", "Unexpected non-whitespace character after JSON at position 4"},
        {"\xff", "Unexpected token '\xef\xbf\xbd', \"\xef\xbf\xbd\" is not valid JSON"},
        {"[\xe2\x82", "Unexpected token '\xef\xbf\xbd', \"[\xef\xbf\xbd\" is not valid JSON"},
        {"[1,\xed\xa0\x80]", "Unexpected token '\xef\xbf\xbd', \"[1,\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd]\" is not valid JSON"},
        {"\"\xc3(\"", nullptr},
};
// clang-format on

}  // namespace

class TestJsJsonParse : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void messages_match_node_for_every_case();
    void unterminated_stream_chunks_report_the_end_position();
    void a_valid_document_gives_the_ordered_value();
    void invalid_utf8_is_read_as_replacement_characters();
    void positions_count_utf16_code_units();
    void nesting_beyond_the_ordered_json_limit_is_an_error();
};

void TestJsJsonParse::messages_match_node_for_every_case() {
    for (const Case& c : kNodeCases) {
        const auto parsed = js_json_parse(c.input);
        if (c.message == nullptr) {
            QVERIFY2(parsed.has_value(), c.input);
            continue;
        }
        QVERIFY2(!parsed.has_value(), c.input);
        const std::string report = std::string(c.input) + " gave: " + parsed.error();
        QVERIFY2(parsed.error() == c.message, report.c_str());
    }
}

void TestJsJsonParse::unterminated_stream_chunks_report_the_end_position() {
    const auto parsed = js_json_parse(R"({"id":"chatcmpl-x","choices":[{"delta":{"content":"oops)");
    QVERIFY(!parsed.has_value());
    QCOMPARE(parsed.error(), std::string("Unterminated string in JSON at position 55"));
}

void TestJsJsonParse::a_valid_document_gives_the_ordered_value() {
    const auto parsed = js_json_parse(R"( {"b":[1,"x",null],"a":true} )");
    QVERIFY(parsed.has_value());
    QCOMPARE(json_stringify(*parsed), std::string(R"({"b":[1,"x",null],"a":true})"));
}

void TestJsJsonParse::invalid_utf8_is_read_as_replacement_characters() {
    const auto parsed = js_json_parse("[\"a\xff\xc3(\"]");
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->items().at(0).as_string(), std::string("a\xef\xbf\xbd\xef\xbf\xbd("));
}

void TestJsJsonParse::positions_count_utf16_code_units() {
    // "é" is one code unit and "😀" two, where UTF-8 has 2 and 4 bytes.
    const auto parsed = js_json_parse("[\"\xc3\xa9\xc3\xa9\xc3\xa9\",\"\xf0\x9f\x98\x80\" x]");
    QVERIFY(!parsed.has_value());
    QCOMPARE(parsed.error(),
             std::string("Expected ',' or ']' after array element in JSON at position 12"));
}

void TestJsJsonParse::nesting_beyond_the_ordered_json_limit_is_an_error() {
    // V8 accepts any depth; the value could not be represented past 512 levels.
    const std::string deep = std::string(600, '[') + std::string(600, ']');
    const auto parsed = js_json_parse(deep);
    QVERIFY(!parsed.has_value());
    QVERIFY(parsed.error().find("nested too deeply") != std::string::npos);
    const std::string deep_broken = std::string(100000, '[') + "x";
    const auto broken = js_json_parse(deep_broken);
    QVERIFY(!broken.has_value());
    QCOMPARE(broken.error(),
             std::string("Unexpected token 'x', ...\"[[[[[[[[[[x\" is not valid JSON"));
}

QTEST_GUILESS_MAIN(TestJsJsonParse)
#include "test_js_json_parse.moc"
