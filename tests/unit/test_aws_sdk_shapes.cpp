// The shape helpers of @smithy/smithy-client and @aws-sdk/core that the Bedrock client's
// (de)serializers call (sdk_shapes.h): take()'s filter, _json, expectString, expectInt32,
// awsExpectUnion, the $unknown member and serializeFloat, with the TypeErrors they throw.

#include <QTest>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "ordered_json.h"
#include "provider_error.h"
#include "sdk_shapes.h"
#include "test_json.h"

using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using namespace lapce_ai::providers;

namespace {

OrderedJson j(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

QString text(const OrderedJson& value) {
    return QString::fromStdString(json_stringify(value));
}

QString error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ProviderError& error) {
        return QString::fromStdString(error.name() + ": " + error.message());
    }
    return QStringLiteral("no error");
}

}  // namespace

class TestAwsSdkShapes : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void take_skips_null_and_absent_members_only() {
        const OrderedJson object = j(R"({"a":null,"b":0,"c":"","d":false})");
        QVERIFY(sdk::present(object, "a") == nullptr);
        QVERIFY(sdk::present(object, "missing") == nullptr);
        QCOMPARE(text(*sdk::present(object, "b")), QStringLiteral("0"));
        QCOMPARE(text(*sdk::present(object, "c")), QStringLiteral(R"("")"));
        QCOMPARE(text(*sdk::present(object, "d")), QStringLiteral("false"));
    }

    void json_shape_drops_null_members_and_items_recursively() {
        QCOMPARE(text(sdk::json_shape(j(R"({"a":null,"b":[1,null,{"c":null,"d":2}],"e":"x"})"))),
                 QStringLiteral(R"({"b":[1,{"d":2}],"e":"x"})"));
        QCOMPARE(text(sdk::json_shape(j("null"))), QStringLiteral("{}"));
        QCOMPARE(text(sdk::json_shape(j("[null]"))), QStringLiteral("[]"));
        QCOMPARE(text(sdk::json_shape(j("5"))), QStringLiteral("5"));
    }

    void expect_string_accepts_primitives_and_refuses_objects() {
        QVERIFY(!sdk::expect_string(nullptr));
        const OrderedJson null_value = j("null");
        QVERIFY(!sdk::expect_string(&null_value));
        const OrderedJson string_value = j(R"("s")");
        QCOMPARE(*sdk::expect_string(&string_value), std::string("s"));
        const OrderedJson number = j("1.5");
        QCOMPARE(*sdk::expect_string(&number), std::string("1.5"));
        const OrderedJson boolean = j("true");
        QCOMPARE(*sdk::expect_string(&boolean), std::string("true"));
        const OrderedJson object = j(R"({"a":1})");
        QCOMPARE(error_of([&] { (void)sdk::expect_string(&object); }),
                 QStringLiteral("TypeError: Expected string, got object: [object Object]"));
        const OrderedJson array = j("[1,2]");
        QCOMPARE(error_of([&] { (void)sdk::expect_string(&array); }),
                 QStringLiteral("TypeError: Expected string, got object: 1,2"));
    }

    void expect_int32_accepts_only_integers_in_range() {
        QCOMPARE(sdk::expect_int32(j("-2147483648")), -2147483648.0);
        QCOMPARE(sdk::expect_int32(j("2147483647")), 2147483647.0);
        QCOMPARE(error_of([] { (void)sdk::expect_int32(j("1.5")); }),
                 QStringLiteral("TypeError: Expected integer, got number: 1.5"));
        QCOMPARE(error_of([] { (void)sdk::expect_int32(j(R"("3")")); }),
                 QStringLiteral("TypeError: Expected integer, got string: 3"));
        QCOMPARE(error_of([] { (void)sdk::expect_int32(j("true")); }),
                 QStringLiteral("TypeError: Expected integer, got boolean: true"));
        QCOMPARE(error_of([] { (void)sdk::expect_int32(j("2147483648")); }),
                 QStringLiteral("TypeError: Expected 32-bit integer, got 2147483648"));
        QCOMPARE(error_of([] {
                     (void)sdk::expect_int32(
                         OrderedJson::number(std::numeric_limits<double>::infinity()));
                 }),
                 QStringLiteral("TypeError: Expected integer, got number: Infinity"));
    }

    void unions_need_exactly_one_non_null_member_besides_type() {
        QCOMPARE(text(sdk::aws_expect_union(j(R"({"__type":"x","text":"a"})"))),
                 QStringLiteral(R"({"text":"a"})"));
        QCOMPARE(text(sdk::aws_expect_union(j(R"({"text":null,"toolUse":{}})"))),
                 QStringLiteral(R"({"text":null,"toolUse":{}})"));
        QCOMPARE(error_of([] { (void)sdk::aws_expect_union(j(R"({"__type":"x"})")); }),
                 QStringLiteral(
                     "TypeError: Unions must have exactly one non-null member. None were found."));
        QCOMPARE(error_of([] { (void)sdk::aws_expect_union(j(R"({"a":1,"b":null,"c":2})")); }),
                 QStringLiteral("TypeError: Unions must have exactly one non-null member. Keys a,c "
                                "were not null."));
        QCOMPARE(error_of([] { (void)sdk::aws_expect_union(j("[1,2]")); }),
                 QStringLiteral("TypeError: Expected object, got array: 1,2"));
        QCOMPARE(error_of([] { (void)sdk::aws_expect_union(j(R"("s")")); }),
                 QStringLiteral("TypeError: Expected object, got string: s"));
        QCOMPARE(error_of([] { (void)sdk::aws_expect_union(j("3")); }),
                 QStringLiteral("TypeError: Expected object, got number: 3"));
    }

    void an_unknown_union_member_is_the_first_entry() {
        QCOMPARE(text(sdk::unknown_union_member(j(R"({"message":null,"other":{"a":1}})"))),
                 QStringLiteral(R"({"$unknown":["message",null]})"));
    }

    void serialize_float_writes_non_finite_numbers_as_strings() {
        QCOMPARE(text(sdk::serialize_float(OrderedJson::number(std::nan("")))),
                 QStringLiteral(R"("NaN")"));
        QCOMPARE(text(sdk::serialize_float(
                     OrderedJson::number(std::numeric_limits<double>::infinity()))),
                 QStringLiteral(R"("Infinity")"));
        QCOMPARE(text(sdk::serialize_float(
                     OrderedJson::number(-std::numeric_limits<double>::infinity()))),
                 QStringLiteral(R"("-Infinity")"));
        QCOMPARE(text(sdk::serialize_float(j("0.3"))), QStringLiteral("0.3"));
        QCOMPARE(text(sdk::serialize_float(j(R"("x")"))), QStringLiteral(R"("x")"));
    }
};

QTEST_GUILESS_MAIN(TestAwsSdkShapes)
#include "test_aws_sdk_shapes.moc"
