#include "js_access.h"

#include <algorithm>
#include <cstdint>

#include "provider_error.h"

namespace lapce_ai::providers::js {

using json::OrderedJson;

const OrderedJson* get(const OrderedJson* value, std::string_view key) {
    if (value == nullptr || value->is_null()) {
        throw ProviderError("TypeError", "Cannot read properties of " +
                                             std::string(value == nullptr ? "undefined" : "null") +
                                             " (reading '" + std::string(key) + "')");
    }
    return value->find(key);
}

const OrderedJson& as_array(const OrderedJson* value, std::string_view expression,
                            std::string_view method) {
    if (value == nullptr || value->is_null()) (void)get(value, method);
    if (value == nullptr || !value->is_array()) {
        throw ProviderError("TypeError", std::string(expression) + "." + std::string(method) +
                                             " is not a function");
    }
    return *value;
}

bool is(const OrderedJson* value, std::string_view text) {
    return value != nullptr && value->is_string() && value->as_string() == text;
}

bool is_string(const OrderedJson* value) {
    return value != nullptr && value->is_string();
}

bool is_array(const OrderedJson* value) {
    return value != nullptr && value->is_array();
}

bool truthy(const OrderedJson* value) {
    return value != nullptr && json::js_truthy(*value);
}

std::string text_of(const OrderedJson* value) {
    return value == nullptr ? std::string("undefined") : json::js_to_string(*value);
}

void set_defined(OrderedJson& object, std::string key, const OrderedJson* value) {
    if (value != nullptr) object.set(std::move(key), *value);
}

namespace {

// An array index in the sense of ECMAScript: the canonical decimal form of 0 .. 2^32 - 2.
bool array_index(std::string_view key, std::uint64_t& index) {
    if (key.empty() || key.size() > 10) return false;
    if (key.size() > 1 && key.front() == '0') return false;
    index = 0;
    for (char c : key) {
        if (c < '0' || c > '9') return false;
        index = index * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return index < 4294967295ULL;
}

// Splits UTF-8 (WTF-8) text into the WTF-8 encodings of its UTF-16 code units.
std::vector<std::string> utf16_units(std::string_view text) {
    std::vector<std::string> units;
    auto encode3 = [](std::uint32_t unit) {
        std::string out;
        out += static_cast<char>(0xE0 | (unit >> 12));
        out += static_cast<char>(0x80 | ((unit >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (unit & 0x3F));
        return out;
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        if (length < 4 || i + 4 > text.size()) {
            units.emplace_back(text.substr(i, std::min(length, text.size() - i)));
        } else {
            std::uint32_t code = (lead & 0x07U) << 18;
            for (std::size_t k = 1; k < 4; ++k)
                code |=
                    (static_cast<std::uint32_t>(static_cast<unsigned char>(text[i + k])) & 0x3FU)
                    << (6 * (3 - k));
            code -= 0x10000;
            units.push_back(encode3(0xD800 + (code >> 10)));
            units.push_back(encode3(0xDC00 + (code & 0x3FF)));
        }
        i += length;
    }
    return units;
}

}  // namespace

std::vector<std::pair<std::string, OrderedJson>> object_entries(const OrderedJson& value) {
    std::vector<std::pair<std::string, OrderedJson>> entries;
    if (value.is_object()) {
        std::vector<std::pair<std::uint64_t, const json::OrderedJsonMember*>> indexed;
        for (const json::OrderedJsonMember& member : value.members()) {
            std::uint64_t index = 0;
            if (array_index(member.key, index)) indexed.emplace_back(index, &member);
        }
        std::stable_sort(indexed.begin(), indexed.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [index, member] : indexed)
            entries.emplace_back(member->key, member->value);
        for (const json::OrderedJsonMember& member : value.members()) {
            std::uint64_t index = 0;
            if (!array_index(member.key, index)) entries.emplace_back(member.key, member.value);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.items().size(); ++i)
            entries.emplace_back(std::to_string(i), value.items()[i]);
    } else if (value.is_string()) {
        std::size_t i = 0;
        for (std::string& unit : utf16_units(value.as_string()))
            entries.emplace_back(std::to_string(i++), OrderedJson::string(std::move(unit)));
    }
    return entries;
}

std::size_t utf16_length(std::string_view text) {
    return utf16_units(text).size();
}

}  // namespace lapce_ai::providers::js
