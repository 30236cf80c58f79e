#include "provider_settings.h"

#include <cmath>

namespace lapce_ai::providers {

using json::OrderedJson;

ProviderSettings::ProviderSettings(OrderedJson values) : values_(std::move(values)) {
    if (!values_.is_object()) values_ = OrderedJson::object({});
}

const OrderedJson* ProviderSettings::value(std::string_view key) const {
    return values_.find(key);
}

std::optional<std::string> ProviderSettings::string(std::string_view key) const {
    const OrderedJson* found = value(key);
    if (found == nullptr || !found->is_string()) return std::nullopt;
    return found->as_string();
}

std::optional<double> ProviderSettings::number(std::string_view key) const {
    const OrderedJson* found = value(key);
    if (found == nullptr || found->type() != OrderedJson::Type::Number) return std::nullopt;
    return found->as_number();
}

std::optional<bool> ProviderSettings::boolean(std::string_view key) const {
    const OrderedJson* found = value(key);
    if (found == nullptr || found->type() != OrderedJson::Type::Boolean) return std::nullopt;
    return found->as_bool();
}

bool ProviderSettings::truthy(std::string_view key) const {
    const OrderedJson* found = value(key);
    if (found == nullptr) return false;
    switch (found->type()) {
        case OrderedJson::Type::Null:
            return false;
        case OrderedJson::Type::Boolean:
            return found->as_bool();
        case OrderedJson::Type::Number:
            return found->as_number() != 0 && !std::isnan(found->as_number());
        case OrderedJson::Type::String:
            return !found->as_string().empty();
        case OrderedJson::Type::Array:
        case OrderedJson::Type::Object:
            return true;
    }
    return false;
}

}  // namespace lapce_ai::providers
