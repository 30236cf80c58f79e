#include "fetcher_json.h"

#include <QString>

#include <cmath>
#include <limits>

namespace lapce_ai::providers::fetcher_json {

using json::OrderedJson;

std::optional<bool> includes(const OrderedJson* value, std::string_view item) {
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (value->is_string()) return value->as_string().find(item) != std::string::npos;
    if (value->is_array()) {
        for (const OrderedJson& element : value->items()) {
            if (element.is_string() && element.as_string() == item) return true;
        }
    }
    return false;
}

double to_number(const OrderedJson& value) {
    switch (value.type()) {
        case OrderedJson::Type::Null:
            return 0;
        case OrderedJson::Type::Boolean:
            return value.as_bool() ? 1 : 0;
        case OrderedJson::Type::Number:
            return value.as_number();
        case OrderedJson::Type::String: {
            const QString text = QString::fromStdString(value.as_string()).trimmed();
            if (text.isEmpty()) return 0;
            if (text == QLatin1String("Infinity") || text == QLatin1String("+Infinity"))
                return std::numeric_limits<double>::infinity();
            if (text == QLatin1String("-Infinity")) return -std::numeric_limits<double>::infinity();
            bool ok = false;
            const double number = text.toDouble(&ok);
            return ok && !text.contains(QLatin1Char('n'), Qt::CaseInsensitive)
                       ? number
                       : std::numeric_limits<double>::quiet_NaN();
        }
        case OrderedJson::Type::Array:
            // ToPrimitive: the elements joined with commas, then read as a string.
            return to_number(OrderedJson::string(json::js_to_string(value)));
        case OrderedJson::Type::Object:
            break;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

double times_million(const OrderedJson& value) {
    return to_number(value) * 1000000;
}

OrderedJson boolean_of(const OrderedJson* value) {
    return OrderedJson::boolean(value != nullptr && json::js_truthy(*value));
}

}  // namespace lapce_ai::providers::fetcher_json
