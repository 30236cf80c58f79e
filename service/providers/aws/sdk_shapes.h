#pragma once

// The shape helpers of @smithy/smithy-client and @aws-sdk/core that the Bedrock client's
// generated (de)serializers call, on JSON values.

#include <optional>
#include <string>
#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers::sdk {

// take()'s default filter: the member when it is neither null nor undefined.
const json::OrderedJson* present(const json::OrderedJson& object, std::string_view key);
// _json: null members and array items dropped, recursively.
json::OrderedJson json_shape(const json::OrderedJson& value);
// expectString: undefined for null/undefined, String(value) for numbers and booleans, a
// TypeError for objects and arrays.
std::optional<std::string> expect_string(const json::OrderedJson* value);
// expectInt32 of a present value.
double expect_int32(const json::OrderedJson& value);
// expectObject of a present value: a TypeError unless it is an object (not an array).
void expect_object(const json::OrderedJson& value);
// awsExpectUnion of a present value: `__type` removed, exactly one non-null member.
json::OrderedJson aws_expect_union(const json::OrderedJson& value);
// { $unknown: Object.entries(output)[0] }
json::OrderedJson unknown_union_member(const json::OrderedJson& output);
// serializeFloat: NaN and ±Infinity as strings.
json::OrderedJson serialize_float(const json::OrderedJson& value);

}  // namespace lapce_ai::providers::sdk
