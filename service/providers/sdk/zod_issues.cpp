#include "zod_issues.h"

#include <cmath>

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson path_json(const ZodPath& path) {
    return OrderedJson::array(std::vector<OrderedJson>(path.begin(), path.end()));
}

}  // namespace

std::string zod_parsed_type(const OrderedJson* value) {
    if (value == nullptr) return "undefined";
    switch (value->type()) {
        case OrderedJson::Type::Null:
            return "null";
        case OrderedJson::Type::String:
            return "string";
        case OrderedJson::Type::Number:
            return std::isnan(value->as_number()) ? "nan" : "number";
        case OrderedJson::Type::Boolean:
            return "boolean";
        case OrderedJson::Type::Array:
            return "array";
        case OrderedJson::Type::Object:
            return "object";
    }
    return "unknown";
}

void ZodIssues::invalid_type(const ZodPath& path, const std::string& expected,
                             const OrderedJson* received) {
    const std::string received_type = expected == "integer" && zod_parsed_type(received) == "number"
                                          ? "float"
                                          : zod_parsed_type(received);
    issues_.push_back(OrderedJson::object(
        {{"code", OrderedJson::string("invalid_type")},
         {"expected", OrderedJson::string(expected)},
         {"received", OrderedJson::string(received_type)},
         {"path", path_json(path)},
         {"message",
          OrderedJson::string(received == nullptr
                                  ? "Required"
                                  : "Expected " + expected + ", received " + received_type)}}));
}

void ZodIssues::custom(const ZodPath& path, const std::string& message) {
    issues_.push_back(OrderedJson::object({{"code", OrderedJson::string("custom")},
                                           {"message", OrderedJson::string(message)},
                                           {"path", path_json(path)}}));
}

std::string ZodIssues::message() const {
    return json::json_stringify(issues_, 2);
}

bool zod_check_string(ZodIssues& issues, const ZodPath& path, const OrderedJson* value,
                      bool optional) {
    if ((optional && value == nullptr) || (value != nullptr && value->is_string())) return true;
    issues.invalid_type(path, "string", value);
    return false;
}

bool zod_check_int(ZodIssues& issues, const ZodPath& path, const OrderedJson* value,
                   bool optional) {
    if (optional && value == nullptr) return true;
    if (value != nullptr && value->type() == OrderedJson::Type::Number) {
        const double number = value->as_number();
        if (std::isfinite(number) && std::trunc(number) == number) return true;
        issues.invalid_type(path, "integer", value);
        return false;
    }
    issues.invalid_type(path, "number", value);
    return false;
}

bool zod_check_array(ZodIssues& issues, const ZodPath& path, const OrderedJson* value) {
    if (value != nullptr && value->is_array()) return true;
    issues.invalid_type(path, "array", value);
    return false;
}

bool zod_check_object(ZodIssues& issues, const ZodPath& path, const OrderedJson* value) {
    if (value != nullptr && value->is_object()) return true;
    issues.invalid_type(path, "object", value);
    return false;
}

}  // namespace lapce_ai::providers
