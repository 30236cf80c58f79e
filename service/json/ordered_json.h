#pragma once

// JSON values that keep the key order of their source text, with the JavaScript behaviour the
// reference relies on: JSON.parse (a repeated key keeps its first position and takes its last
// value), JSON.stringify(value, null, indent) and String(value). QJsonObject sorts its keys, so
// it cannot print a tool's input schema the way the reference does.
//
// Strings are UTF-8. A lone UTF-16 surrogate (possible in JavaScript through a "\ud800" escape)
// is kept as its 3-byte WTF-8 form, so that JSON.stringify can print it back as "\ud800".

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expected.h"

namespace lapce_ai::json {

struct OrderedJsonMember;

class OrderedJson {
  public:
    // In the order of the alternatives of Value.
    enum class Type { Null, Boolean, Number, String, Array, Object };

    OrderedJson() = default;  // null
    static OrderedJson boolean(bool value);
    static OrderedJson number(double value);
    static OrderedJson string(std::string value);
    static OrderedJson array(std::vector<OrderedJson> items);
    // A repeated key keeps its first position and takes its last value (as in JSON.parse).
    static OrderedJson object(std::vector<OrderedJsonMember> members);

    Type type() const { return static_cast<Type>(value_.index()); }
    bool is_null() const { return type() == Type::Null; }
    bool is_string() const { return type() == Type::String; }
    bool is_array() const { return type() == Type::Array; }
    bool is_object() const { return type() == Type::Object; }

    // Of another type: false, 0, "", no items, no members.
    bool as_bool() const;
    double as_number() const;
    const std::string& as_string() const;
    const std::vector<OrderedJson>& items() const;
    // Members in insertion order (JSON.stringify prints integer-like keys first, see below).
    const std::vector<OrderedJsonMember>& members() const;

    // The member's value, nullptr when the object has no such key (or this is not an object).
    const OrderedJson* find(std::string_view key) const;
    OrderedJson* mutable_find(std::string_view key);
    // The items of an array; any other value becomes an empty array first.
    std::vector<OrderedJson>& mutable_items();
    // Adds a member, or replaces the value of an existing one where it stands (like assigning a
    // property in JavaScript); any other value than an object becomes an empty object first.
    void set(std::string key, OrderedJson value);
    // Appends to an array; any other value becomes an empty array first.
    void push_back(OrderedJson item);

  private:
    // One alternative at a time keeps a value small (40 bytes), so that parsing, moving and
    // freeing a document touch little memory.
    using Value = std::variant<std::monostate, bool, double, std::string, std::vector<OrderedJson>,
                               std::vector<OrderedJsonMember>>;
    Value value_;
};

struct OrderedJsonMember {
    std::string key;
    OrderedJson value;
};

// String.prototype.toWellFormed: each lone surrogate of a parsed string (kept as WTF-8) becomes
// U+FFFD, which is also what the reference's text shows once it is encoded as UTF-8.
std::string js_to_well_formed(std::string_view wtf8);

// JSON.parse: strict JSON (RFC 8259) in UTF-8. Numbers become doubles (1e400 is Infinity).
// An error names the problem and its byte offset. Nesting deeper than 512 levels is refused.
Expected<OrderedJson, std::string> parse_ordered_json(std::string_view text);

// JSON.stringify(value, null, indent): indent 0 prints compactly, more than 10 counts as 10.
// Object keys come in JavaScript's property order: array-index keys ("0", "17") in ascending
// numeric order first, then the other keys in insertion order. Non-finite numbers print "null".
std::string json_stringify(const OrderedJson& value, int indent = 0);

// String(value): "null", "true", a number as Number.prototype.toString() prints it, an array
// joined with "," (null elements empty), "[object Object]".
std::string js_to_string(const OrderedJson& value);

// Array.prototype.join(separator) on an array value (elements as in js_to_string).
std::string js_array_join(const OrderedJson& array, std::string_view separator);

// Number.prototype.toString(): shortest round-trip digits, exponent form below 1e-6 and from
// 1e21, "NaN", "Infinity", "-Infinity"; -0 prints "0".
std::string js_number_to_string(double value);

// JavaScript truthiness: null, false, 0, NaN and "" are falsy; arrays and objects are truthy.
bool js_truthy(const OrderedJson& value);

}  // namespace lapce_ai::json
