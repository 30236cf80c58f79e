#include "sdk_shapes.h"

#include <cmath>
#include <cstdint>

#include "provider_error.h"

namespace lapce_ai::providers::sdk {

using json::OrderedJson;

namespace {

// `typeof value` of a JSON value.
std::string_view type_of(const OrderedJson& value) {
    switch (value.type()) {
        case OrderedJson::Type::Boolean:
            return "boolean";
        case OrderedJson::Type::Number:
            return "number";
        case OrderedJson::Type::String:
            return "string";
        default:
            return "object";
    }
}

std::string described(const OrderedJson& value) {
    return std::string(type_of(value)) + ": " + json::js_to_string(value);
}

}  // namespace

const OrderedJson* present(const OrderedJson& object, std::string_view key) {
    const OrderedJson* value = object.find(key);
    return value != nullptr && !value->is_null() ? value : nullptr;
}

OrderedJson json_shape(const OrderedJson& value) {
    switch (value.type()) {
        case OrderedJson::Type::Null:
            return OrderedJson::object({});
        case OrderedJson::Type::Array: {
            OrderedJson items = OrderedJson::array({});
            for (const OrderedJson& item : value.items()) {
                if (!item.is_null()) items.push_back(json_shape(item));
            }
            return items;
        }
        case OrderedJson::Type::Object: {
            OrderedJson object = OrderedJson::object({});
            for (const json::OrderedJsonMember& member : value.members()) {
                if (!member.value.is_null()) object.set(member.key, json_shape(member.value));
            }
            return object;
        }
        default:
            return value;
    }
}

std::optional<std::string> expect_string(const OrderedJson* value) {
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (value->is_string()) return value->as_string();
    if (value->type() == OrderedJson::Type::Number || value->type() == OrderedJson::Type::Boolean)
        return json::js_to_string(*value);
    throw ProviderError("TypeError", "Expected string, got " + described(*value));
}

double expect_int32(const OrderedJson& value) {
    const double number = value.type() == OrderedJson::Type::Number ? value.as_number() : NAN;
    if (std::isnan(number) || std::isinf(number) || std::trunc(number) != number)
        throw ProviderError("TypeError", "Expected integer, got " + described(value));
    if (number < INT32_MIN || number > INT32_MAX)
        throw ProviderError("TypeError",
                            "Expected 32-bit integer, got " + json::js_to_string(value));
    return number;
}

void expect_object(const OrderedJson& value) {
    if (value.is_object()) return;
    const std::string_view received = value.is_array() ? "array" : type_of(value);
    throw ProviderError("TypeError", "Expected object, got " + std::string(received) + ": " +
                                         json::js_to_string(value));
}

OrderedJson aws_expect_union(const OrderedJson& value) {
    expect_object(value);
    OrderedJson object = OrderedJson::object({});
    std::string set_keys;
    int count = 0;
    for (const json::OrderedJsonMember& member : value.members()) {
        if (member.key == "__type") continue;
        object.set(member.key, member.value);
        if (member.value.is_null()) continue;
        set_keys += (count++ > 0 ? "," : "") + member.key;
    }
    if (count == 0)
        throw ProviderError("TypeError",
                            "Unions must have exactly one non-null member. None were found.");
    if (count > 1)
        throw ProviderError("TypeError", "Unions must have exactly one non-null member. Keys " +
                                             set_keys + " were not null.");
    return object;
}

OrderedJson unknown_union_member(const OrderedJson& output) {
    OrderedJson entry = OrderedJson::array({});
    if (!output.members().empty()) {
        entry.push_back(OrderedJson::string(output.members().front().key));
        entry.push_back(output.members().front().value);
    }
    return OrderedJson::object({{"$unknown", std::move(entry)}});
}

OrderedJson serialize_float(const OrderedJson& value) {
    if (value.type() != OrderedJson::Type::Number) return value;
    const double number = value.as_number();
    if (std::isnan(number)) return OrderedJson::string("NaN");
    if (std::isinf(number)) return OrderedJson::string(number > 0 ? "Infinity" : "-Infinity");
    return value;
}

}  // namespace lapce_ai::providers::sdk
