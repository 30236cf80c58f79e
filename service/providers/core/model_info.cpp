#include "model_info.h"

namespace lapce_ai::providers {

using json::OrderedJson;

std::optional<double> ModelInfo::number(std::string_view key) const {
    const OrderedJson* found = values_.find(key);
    if (found == nullptr || found->type() != OrderedJson::Type::Number) return std::nullopt;
    return found->as_number();
}

std::optional<std::string> ModelInfo::string(std::string_view key) const {
    const OrderedJson* found = values_.find(key);
    if (found == nullptr || !found->is_string()) return std::nullopt;
    return found->as_string();
}

std::optional<bool> ModelInfo::boolean(std::string_view key) const {
    const OrderedJson* found = values_.find(key);
    if (found == nullptr || found->type() != OrderedJson::Type::Boolean) return std::nullopt;
    return found->as_bool();
}

}  // namespace lapce_ai::providers
