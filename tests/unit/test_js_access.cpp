// The JavaScript semantics the message transforms borrow through js_access.h: property reads,
// V8's TypeError texts, truthiness, template-literal text, Object.entries order and
// String.prototype.length. Every expectation is what node prints for the same expression.

#include <QTest>

#include <limits>

#include "js_access.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "test_json.h"

using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using namespace lapce_ai::providers;

namespace {

OrderedJson j(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

// The ProviderError `call` throws as "<name>: <message>", empty when it throws none.
template <typename Call>
QString thrown(Call call) {
    try {
        call();
    } catch (const ProviderError& error) {
        return QString::fromStdString(error.name() + ": " + error.message());
    }
    return {};
}

// JSON.stringify(Object.entries(value)).
QString entries_text(const OrderedJson& value) {
    OrderedJson pairs = OrderedJson::array({});
    for (auto& [key, item] : js::object_entries(value))
        pairs.push_back(OrderedJson::array({OrderedJson::string(key), item}));
    return QString::fromStdString(json_stringify(pairs));
}

QString text_of(const OrderedJson* value) {
    return QString::fromStdString(js::text_of(value));
}

}  // namespace

class TestJsAccess : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void a_property_read_yields_the_value_or_undefined() {
        const OrderedJson message = j(R"({"role":"user","content":null})");
        const OrderedJson* role = js::get(message, "role");
        QVERIFY(role != nullptr);
        QCOMPARE(QString::fromStdString(role->as_string()), QStringLiteral("user"));
        // A property holding null is defined (null), a missing one is undefined.
        const OrderedJson* content = js::get(message, "content");
        QVERIFY(content != nullptr);
        QVERIFY(content->is_null());
        QVERIFY(js::get(message, "name") == nullptr);
        // Reading a property of a string or a number is undefined, not an error ("abc".foo).
        const OrderedJson text = OrderedJson::string("abc");
        const OrderedJson number = OrderedJson::number(5);
        QVERIFY(js::get(text, "foo") == nullptr);
        QVERIFY(js::get(number, "foo") == nullptr);
    }

    void a_property_read_on_undefined_or_null_throws_the_v8_type_error() {
        // node: const o = {}; o.a.b  /  const o = {a: null}; o.a.b
        QCOMPARE(thrown([] { (void)js::get(nullptr, "b"); }),
                 QStringLiteral("TypeError: Cannot read properties of undefined (reading 'b')"));
        const OrderedJson null_value;
        QCOMPARE(thrown([&] { (void)js::get(null_value, "b"); }),
                 QStringLiteral("TypeError: Cannot read properties of null (reading 'b')"));
    }

    void an_array_method_call_on_a_non_array_throws_the_v8_type_error() {
        const OrderedJson array = j(R"([1,2])");
        QCOMPARE(&js::as_array(&array, "m.content", "map"), &array);
        // node: m.content.map(...) with content a string / an object / missing / null.
        const OrderedJson text = OrderedJson::string("hi");
        QCOMPARE(thrown([&] { (void)js::as_array(&text, "m.content", "map"); }),
                 QStringLiteral("TypeError: m.content.map is not a function"));
        const OrderedJson object = j("{}");
        QCOMPARE(thrown([&] { (void)js::as_array(&object, "m.content", "map"); }),
                 QStringLiteral("TypeError: m.content.map is not a function"));
        QCOMPARE(thrown([] { (void)js::as_array(nullptr, "m.content", "map"); }),
                 QStringLiteral("TypeError: Cannot read properties of undefined (reading 'map')"));
        const OrderedJson null_value;
        QCOMPARE(thrown([&] { (void)js::as_array(&null_value, "m.content", "filter"); }),
                 QStringLiteral("TypeError: Cannot read properties of null (reading 'filter')"));
    }

    void strict_equality_with_a_string_needs_a_string_of_that_text() {
        const OrderedJson text = OrderedJson::string("text");
        const OrderedJson other = OrderedJson::string("texts");
        const OrderedJson five = OrderedJson::number(5);
        const OrderedJson five_text = OrderedJson::string("5");
        QVERIFY(js::is(&text, "text"));
        QVERIFY(!js::is(&other, "text"));
        QVERIFY(!js::is(&five, "5"));  // 5 === "5" is false
        QVERIFY(js::is(&five_text, "5"));
        QVERIFY(!js::is(nullptr, "undefined"));
        QVERIFY(js::is_string(&text));
        QVERIFY(!js::is_string(&five));
        QVERIFY(!js::is_string(nullptr));
        const OrderedJson array = j("[]");
        QVERIFY(js::is_array(&array));
        QVERIFY(!js::is_array(&text));
        QVERIFY(!js::is_array(nullptr));
    }

    void truthiness_follows_javascript() {
        // node: [!!"", !!"0", !!0, !!NaN, !!null, !![], !!{}, !!false, !!-1]
        const OrderedJson values = j(R"(["", "0", 0, null, [], {}, false, -1, true])");
        const bool expected[] = {false, true, false, false, true, true, false, true, true};
        for (std::size_t i = 0; i < values.items().size(); ++i)
            QCOMPARE(js::truthy(&values.items()[i]), expected[i]);
        const OrderedJson nan = OrderedJson::number(std::numeric_limits<double>::quiet_NaN());
        QVERIFY(!js::truthy(&nan));
        QVERIFY(!js::truthy(nullptr));  // undefined
    }

    void template_literal_text_matches_string_conversion() {
        // node: `${undefined}|${null}|${true}|${1.5}|${[1,null,"a"]}|${({})}|${"s"}|${1e21}|${-0}`
        QCOMPARE(text_of(nullptr), QStringLiteral("undefined"));
        const OrderedJson values =
            j(R"([null, true, 1.5, [1,null,"a"], {}, "s", 1e21, [], [[1,2],[3]]])");
        const char* expected[] = {"null", "true",  "1.5", "1,,a", "[object Object]",
                                  "s",    "1e+21", "",    "1,2,3"};
        for (std::size_t i = 0; i < values.items().size(); ++i)
            QCOMPARE(text_of(&values.items()[i]), QString::fromUtf8(expected[i]));
        const OrderedJson negative_zero = OrderedJson::number(-0.0);
        QCOMPARE(text_of(&negative_zero), QStringLiteral("0"));
        const OrderedJson sum = OrderedJson::number(0.1 + 0.2);
        QCOMPARE(text_of(&sum), QStringLiteral("0.30000000000000004"));
        const OrderedJson tiny = OrderedJson::number(1e-7);
        QCOMPARE(text_of(&tiny), QStringLiteral("1e-7"));
    }

    void an_undefined_value_leaves_its_key_out_of_the_json() {
        // node: JSON.stringify({a: undefined, b: null, c: 1}) is {"b":null,"c":1}
        OrderedJson object = j("{}");
        const OrderedJson null_value;
        const OrderedJson one = OrderedJson::number(1);
        js::set_defined(object, "a", nullptr);
        js::set_defined(object, "b", &null_value);
        js::set_defined(object, "c", &one);
        QCOMPARE(QString::fromStdString(json_stringify(object)),
                 QStringLiteral(R"({"b":null,"c":1})"));
        // Assigning again keeps the key's place; assigning undefined changes nothing here.
        const OrderedJson two = OrderedJson::number(2);
        js::set_defined(object, "b", &two);
        js::set_defined(object, "c", nullptr);
        QCOMPARE(QString::fromStdString(json_stringify(object)),
                 QStringLiteral(R"({"b":2,"c":1})"));
    }

    void object_entries_list_array_index_keys_first_then_insertion_order() {
        // Only the canonical decimal forms of 0 .. 2^32 - 2 are array indices: "01", "-1",
        // "1.5", "4294967295" and an 11-digit key keep their insertion place.
        const OrderedJson object =
            j(R"({"b":1,"10":2,"a":3,"2":4,"01":5,"4294967295":6,"4294967294":7,"-1":8,)"
              R"("12345678901":9,"0":10,"1.5":11})");
        QCOMPARE(entries_text(object),
                 QStringLiteral(R"([["0",10],["2",4],["10",2],["4294967294",7],["b",1],["a",3],)"
                                R"(["01",5],["4294967295",6],["-1",8],["12345678901",9],)"
                                R"(["1.5",11]])"));
    }

    void object_entries_of_an_array_are_its_indices() {
        QCOMPARE(entries_text(j(R"(["x",null])")), QStringLiteral(R"([["0","x"],["1",null]])"));
        QCOMPARE(entries_text(j("[]")), QStringLiteral("[]"));
    }

    void object_entries_of_a_string_are_its_utf16_code_units() {
        // node: Object.entries("a\u00e9\u4e2d\ud83d\ude00"): the emoji is two surrogate entries.
        QCOMPARE(entries_text(j(R"("a\u00e9\u4e2d\ud83d\ude00")")),
                 QString::fromUtf8(R"([["0","a"],["1","é"],["2","中"],["3","\ud83d"],)"
                                   R"(["4","\ude00"]])"));
        // A lone surrogate is one unit of its own.
        QCOMPARE(entries_text(j(R"("x\ud800y")")),
                 QStringLiteral(R"([["0","x"],["1","\ud800"],["2","y"]])"));
    }

    void object_entries_of_numbers_and_booleans_are_empty() {
        QCOMPARE(entries_text(OrderedJson::number(5)), QStringLiteral("[]"));
        QCOMPARE(entries_text(OrderedJson::boolean(true)), QStringLiteral("[]"));
    }

    void string_length_counts_utf16_code_units() {
        // node: "".length, "abc".length, "aé中".length, "😀😀".length, "x\ud800y".length
        QCOMPARE(js::utf16_length(""), std::size_t{0});
        QCOMPARE(js::utf16_length("abc"), std::size_t{3});
        QCOMPARE(js::utf16_length("a\u00e9\u4e2d"), std::size_t{3});
        QCOMPARE(js::utf16_length("\U0001F600\U0001F600"), std::size_t{4});
        QCOMPARE(js::utf16_length(j(R"("x\ud800y")").as_string()), std::size_t{3});
    }
};

QTEST_APPLESS_MAIN(TestJsAccess)
#include "test_js_access.moc"
