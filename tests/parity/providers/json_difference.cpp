#include "json_difference.h"

#include <algorithm>
#include <cmath>

namespace lapce_ai::parity {

using json::OrderedJson;

namespace {

std::string shown(const OrderedJson& value) {
    std::string text = json::json_stringify(value);
    if (text.size() > 300) text = text.substr(0, 300) + "…";
    return text;
}

bool numbers_equal(double expected, double actual) {
    if (expected == actual) return true;
    const double scale = std::max(std::fabs(expected), std::fabs(actual));
    return std::fabs(expected - actual) <= 1e-12 * scale;
}

}  // namespace

std::string json_difference(const OrderedJson& expected, const OrderedJson& actual,
                            const std::string& path) {
    const auto differs = [&] {
        return "at " + path + ": expected " + shown(expected) + " actual " + shown(actual);
    };
    if (expected.type() != actual.type()) return differs();
    switch (expected.type()) {
        case OrderedJson::Type::Null:
            return {};
        case OrderedJson::Type::Boolean:
            return expected.as_bool() == actual.as_bool() ? std::string() : differs();
        case OrderedJson::Type::Number:
            return numbers_equal(expected.as_number(), actual.as_number()) ? std::string()
                                                                           : differs();
        case OrderedJson::Type::String:
            return expected.as_string() == actual.as_string() ? std::string() : differs();
        case OrderedJson::Type::Array: {
            const auto& left = expected.items();
            const auto& right = actual.items();
            for (std::size_t i = 0; i < std::min(left.size(), right.size()); ++i) {
                std::string difference =
                    json_difference(left[i], right[i], path + "[" + std::to_string(i) + "]");
                if (!difference.empty()) return difference;
            }
            if (left.size() != right.size())
                return "at " + path + ": expected " + std::to_string(left.size()) +
                       " items, actual " + std::to_string(right.size()) + " (" + shown(actual) +
                       ")";
            return {};
        }
        case OrderedJson::Type::Object: {
            for (const json::OrderedJsonMember& member : expected.members()) {
                const OrderedJson* other = actual.find(member.key);
                if (other == nullptr)
                    return "at " + path + "." + member.key + ": missing (expected " +
                           shown(member.value) + ")";
                std::string difference =
                    json_difference(member.value, *other, path + "." + member.key);
                if (!difference.empty()) return difference;
            }
            for (const json::OrderedJsonMember& member : actual.members()) {
                if (expected.find(member.key) == nullptr)
                    return "at " + path + "." + member.key + ": unexpected " + shown(member.value);
            }
            return {};
        }
    }
    return {};
}

}  // namespace lapce_ai::parity
