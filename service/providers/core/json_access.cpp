#include "json_access.h"

#include <cmath>

namespace lapce_ai::providers {

using json::OrderedJson;

const OrderedJson* js_get(const OrderedJson* value, std::string_view key) {
    if (value == nullptr || !value->is_object()) return nullptr;
    return value->find(key);
}

const OrderedJson* js_at(const OrderedJson* value, std::size_t index) {
    if (value == nullptr || !value->is_array() || index >= value->items().size()) return nullptr;
    return &value->items()[index];
}

bool js_truthy(const OrderedJson* value) {
    if (value == nullptr) return false;
    switch (value->type()) {
        case OrderedJson::Type::Null:
            return false;
        case OrderedJson::Type::Boolean:
            return value->as_bool();
        case OrderedJson::Type::Number:
            return value->as_number() != 0 && !std::isnan(value->as_number());
        case OrderedJson::Type::String:
            return !value->as_string().empty();
        case OrderedJson::Type::Array:
        case OrderedJson::Type::Object:
            return true;
    }
    return false;
}

double js_number_or(const OrderedJson* value, double fallback) {
    if (value != nullptr && value->type() == OrderedJson::Type::Number && js_truthy(value))
        return value->as_number();
    return fallback;
}

std::optional<double> js_truthy_number(const OrderedJson* value) {
    if (value != nullptr && value->type() == OrderedJson::Type::Number && js_truthy(value))
        return value->as_number();
    return std::nullopt;
}

std::optional<double> js_number(const OrderedJson* value) {
    if (value != nullptr && value->type() == OrderedJson::Type::Number) return value->as_number();
    return std::nullopt;
}

std::optional<std::string> js_string(const OrderedJson* value) {
    if (value != nullptr && value->is_string()) return value->as_string();
    return std::nullopt;
}

}  // namespace lapce_ai::providers
