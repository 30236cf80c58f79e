// JSON.stringify and String() for OrderedJson, with JavaScript's output rules.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "ordered_json.h"

namespace lapce_ai::json {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_unicode_escape(std::string& out, std::uint32_t unit) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHexDigits[(unit >> shift) & 0xF];
}

// QuoteJSONString: the short escapes, \u00xx for other control characters, \udxxx for a lone
// surrogate (kept as WTF-8); everything else as it is.
void append_quoted(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"':
                out += "\\\"";
                continue;
            case '\\':
                out += "\\\\";
                continue;
            case '\b':
                out += "\\b";
                continue;
            case '\f':
                out += "\\f";
                continue;
            case '\n':
                out += "\\n";
                continue;
            case '\r':
                out += "\\r";
                continue;
            case '\t':
                out += "\\t";
                continue;
            default:
                break;
        }
        if (c < 0x20) {
            append_unicode_escape(out, c);
        } else if (c == 0xED && i + 2 < text.size() &&
                   (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0xA0) {
            const std::uint32_t unit = 0xD000 |
                                       ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
                                       (static_cast<unsigned char>(text[i + 2]) & 0x3F);
            append_unicode_escape(out, unit);
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

// An array index in the sense of ECMAScript: the canonical decimal form of 0 .. 2^32 - 2.
bool array_index(std::string_view key, std::uint64_t& index) {
    if (key.empty() || key.size() > 10 || (key.size() > 1 && key.front() == '0')) return false;
    index = 0;
    for (char c : key) {
        if (c < '0' || c > '9') return false;
        index = index * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return index <= 4294967294ULL;
}

// OrdinaryOwnPropertyKeys: integer indices ascending, then strings in insertion order.
std::vector<const OrderedJsonMember*> property_order(
    const std::vector<OrderedJsonMember>& members) {
    std::vector<std::pair<std::uint64_t, const OrderedJsonMember*>> indices;
    std::vector<const OrderedJsonMember*> ordered;
    ordered.reserve(members.size());
    for (const OrderedJsonMember& member : members) {
        std::uint64_t index = 0;
        if (array_index(member.key, index)) {
            indices.emplace_back(index, &member);
        }
    }
    std::sort(indices.begin(), indices.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& entry : indices) ordered.push_back(entry.second);
    for (const OrderedJsonMember& member : members) {
        std::uint64_t index = 0;
        if (!array_index(member.key, index)) ordered.push_back(&member);
    }
    return ordered;
}

void stringify(std::string& out, const OrderedJson& value, const std::string& gap,
               std::string& indent) {
    switch (value.type()) {
        case OrderedJson::Type::Null:
            out += "null";
            return;
        case OrderedJson::Type::Boolean:
            out += value.as_bool() ? "true" : "false";
            return;
        case OrderedJson::Type::Number:
            out +=
                std::isfinite(value.as_number()) ? js_number_to_string(value.as_number()) : "null";
            return;
        case OrderedJson::Type::String:
            append_quoted(out, value.as_string());
            return;
        case OrderedJson::Type::Array:
        case OrderedJson::Type::Object:
            break;
    }
    const bool is_array = value.is_array();
    const bool empty = is_array ? value.items().empty() : value.members().empty();
    if (empty) {
        out += is_array ? "[]" : "{}";
        return;
    }
    const std::string stepback = indent;
    indent += gap;
    const std::string separator = gap.empty() ? std::string(",") : ",\n" + indent;
    out += is_array ? '[' : '{';
    if (!gap.empty()) out += "\n" + indent;
    bool first = true;
    if (is_array) {
        for (const OrderedJson& item : value.items()) {
            if (!first) out += separator;
            first = false;
            stringify(out, item, gap, indent);
        }
    } else {
        for (const OrderedJsonMember* member : property_order(value.members())) {
            if (!first) out += separator;
            first = false;
            append_quoted(out, member->key);
            out += gap.empty() ? ":" : ": ";
            stringify(out, member->value, gap, indent);
        }
    }
    if (!gap.empty()) out += "\n" + stepback;
    out += is_array ? ']' : '}';
    indent = stepback;
}

}  // namespace

std::string json_stringify(const OrderedJson& value, int indent) {
    const std::string gap(static_cast<std::size_t>(std::clamp(indent, 0, 10)), ' ');
    std::string out;
    std::string current_indent;
    stringify(out, value, gap, current_indent);
    return out;
}

std::string js_number_to_string(double value) {
    if (std::isnan(value)) return "NaN";
    if (value == 0) return "0";
    if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
    std::string out = value < 0 ? "-" : "";
    // Shortest round-trip digits, as "d.ddde±xx"; ECMAScript picks the same digits.
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                      std::chars_format::scientific);
    const std::string_view scientific(buffer, static_cast<std::size_t>(result.ptr - buffer));
    const std::size_t e = scientific.find('e');
    std::string digits(1, scientific.front());
    if (e > 2) digits.append(scientific.substr(2, e - 2));
    int exponent = 0;
    std::string_view exponent_text = scientific.substr(e + 1);
    const bool exponent_negative = exponent_text.front() == '-';
    exponent_text.remove_prefix(1);  // the sign
    std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);
    if (exponent_negative) exponent = -exponent;

    // Number::toString: value = 0.digits × 10^n with k digits.
    const int k = static_cast<int>(digits.size());
    const int n = exponent + 1;
    if (k <= n && n <= 21) {
        out += digits;
        out.append(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, static_cast<std::size_t>(n));
        out += '.';
        out += digits.substr(static_cast<std::size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-n), '0');
        out += digits;
    } else {
        out += digits.front();
        if (k > 1) {
            out += '.';
            out += digits.substr(1);
        }
        out += 'e';
        out += n - 1 < 0 ? '-' : '+';
        out += std::to_string(std::abs(n - 1));
    }
    return out;
}

std::string js_array_join(const OrderedJson& array, std::string_view separator) {
    std::string out;
    bool first = true;
    for (const OrderedJson& item : array.items()) {
        if (!first) out += separator;
        first = false;
        if (!item.is_null()) out += js_to_string(item);
    }
    return out;
}

std::string js_to_string(const OrderedJson& value) {
    switch (value.type()) {
        case OrderedJson::Type::Null:
            return "null";
        case OrderedJson::Type::Boolean:
            return value.as_bool() ? "true" : "false";
        case OrderedJson::Type::Number:
            return js_number_to_string(value.as_number());
        case OrderedJson::Type::String:
            return value.as_string();
        case OrderedJson::Type::Array:
            return js_array_join(value, ",");
        case OrderedJson::Type::Object:
            break;
    }
    return "[object Object]";
}

bool js_truthy(const OrderedJson& value) {
    switch (value.type()) {
        case OrderedJson::Type::Null:
            return false;
        case OrderedJson::Type::Boolean:
            return value.as_bool();
        case OrderedJson::Type::Number:
            return value.as_number() != 0 && !std::isnan(value.as_number());
        case OrderedJson::Type::String:
            return !value.as_string().empty();
        case OrderedJson::Type::Array:
        case OrderedJson::Type::Object:
            break;
    }
    return true;
}

}  // namespace lapce_ai::json
