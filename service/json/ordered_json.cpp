#include "ordered_json.h"

#include <utility>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>
#include <unordered_map>

namespace lapce_ai::json {

OrderedJson OrderedJson::boolean(bool value) {
    OrderedJson json;
    json.value_.emplace<bool>(value);
    return json;
}

OrderedJson OrderedJson::number(double value) {
    OrderedJson json;
    json.value_.emplace<double>(value);
    return json;
}

OrderedJson OrderedJson::string(std::string value) {
    OrderedJson json;
    json.value_.emplace<std::string>(std::move(value));
    return json;
}

OrderedJson OrderedJson::array(std::vector<OrderedJson> items) {
    OrderedJson json;
    json.value_.emplace<std::vector<OrderedJson>>(std::move(items));
    return json;
}

OrderedJson OrderedJson::object(std::vector<OrderedJsonMember> members) {
    OrderedJson json;
    auto& kept = json.value_.emplace<std::vector<OrderedJsonMember>>();
    // Small objects (nearly all) look a repeated key up in place; larger ones keep an index of
    // where each key first stands, so that the search stays linear.
    constexpr std::size_t kSmall = 16;
    if (members.size() <= kSmall) {
        const auto repeats_a_key = [&] {
            for (std::size_t i = 1; i < members.size(); ++i) {
                for (std::size_t j = 0; j < i; ++j) {
                    if (members[i].key == members[j].key) return true;
                }
            }
            return false;
        };
        if (!repeats_a_key()) {
            kept = std::move(members);
            return json;
        }
    }
    kept.reserve(members.size());
    if (members.size() <= kSmall) {
        for (OrderedJsonMember& member : members) {
            auto same = std::find_if(kept.begin(), kept.end(), [&](const OrderedJsonMember& m) {
                return m.key == member.key;
            });
            if (same != kept.end()) {
                same->value = std::move(member.value);
            } else {
                kept.push_back(std::move(member));
            }
        }
        return json;
    }
    std::unordered_map<std::string_view, std::size_t> position;
    for (OrderedJsonMember& member : members) {
        auto found = position.find(member.key);
        if (found != position.end()) {
            kept[found->second].value = std::move(member.value);
            continue;
        }
        kept.push_back(std::move(member));
        // Keys of kept members do not move once reserved, so the view stays valid.
        position.emplace(kept.back().key, kept.size() - 1);
    }
    return json;
}

bool OrderedJson::as_bool() const {
    const bool* value = std::get_if<bool>(&value_);
    return value && *value;
}

double OrderedJson::as_number() const {
    const double* value = std::get_if<double>(&value_);
    return value ? *value : 0;
}

const std::string& OrderedJson::as_string() const {
    static const std::string kNone;
    const std::string* value = std::get_if<std::string>(&value_);
    return value ? *value : kNone;
}

const std::vector<OrderedJson>& OrderedJson::items() const {
    static const std::vector<OrderedJson> kNone;
    const auto* value = std::get_if<std::vector<OrderedJson>>(&value_);
    return value ? *value : kNone;
}

const std::vector<OrderedJsonMember>& OrderedJson::members() const {
    static const std::vector<OrderedJsonMember> kNone;
    const auto* value = std::get_if<std::vector<OrderedJsonMember>>(&value_);
    return value ? *value : kNone;
}

const OrderedJson* OrderedJson::find(std::string_view key) const {
    // The last one wins should a caller have built duplicates; parse_ordered_json never does.
    const std::vector<OrderedJsonMember>& all = members();
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (it->key == key) return &it->value;
    }
    return nullptr;
}

OrderedJson* OrderedJson::mutable_find(std::string_view key) {
    return const_cast<OrderedJson*>(std::as_const(*this).find(key));
}

std::vector<OrderedJson>& OrderedJson::mutable_items() {
    if (auto* items = std::get_if<std::vector<OrderedJson>>(&value_)) return *items;
    return value_.emplace<std::vector<OrderedJson>>();
}

void OrderedJson::set(std::string key, OrderedJson value) {
    auto* members = std::get_if<std::vector<OrderedJsonMember>>(&value_);
    if (!members) members = &value_.emplace<std::vector<OrderedJsonMember>>();
    for (OrderedJsonMember& member : *members) {
        if (member.key == key) {
            member.value = std::move(value);
            return;
        }
    }
    members->push_back({std::move(key), std::move(value)});
}

void OrderedJson::push_back(OrderedJson item) {
    mutable_items().push_back(std::move(item));
}

namespace {

constexpr int kMaxDepth = 512;

void append_utf8(std::string& out, std::uint32_t code_point) {
    // Also encodes a lone surrogate (D800-DFFF) as three bytes: WTF-8.
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xC0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        out += static_cast<char>(0xE0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code_point >> 18));
        out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
}

// Length of the well-formed UTF-8 sequence at text[pos], 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07;
    } else {
        return 0;
    }
    if (pos + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (byte(pos + i) & 0x3F);
    }
    const bool overlong =
        (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (overlong || surrogate || code_point > 0x10FFFF) return 0;
    return length;
}

// Bytes that a string run copies as they are: ASCII other than '"', '\\' and control characters.
constexpr auto kPlainAscii = [] {
    std::array<bool, 256> plain{};
    for (int byte = 0x20; byte < 0x80; ++byte) plain[static_cast<std::size_t>(byte)] = true;
    plain['"'] = false;
    plain['\\'] = false;
    return plain;
}();

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Reused between parses on a thread, so that steady-state parsing does not grow vectors.
struct ParserScratch {
    std::vector<OrderedJsonMember> members;
    std::vector<OrderedJson> items;

    // A document with a huge container must not pin its memory for the thread's lifetime.
    void trim() {
        constexpr std::size_t kKeep = 1024;
        members.clear();
        items.clear();
        if (members.capacity() > kKeep) members.shrink_to_fit();
        if (items.capacity() > kKeep) items.shrink_to_fit();
    }
};

class Parser {
  public:
    Parser(std::string_view text, ParserScratch& scratch) : text_(text), scratch_(scratch) {}

    Expected<OrderedJson, std::string> parse_document() {
        skip_whitespace();
        OrderedJson value;
        if (!parse_value(value, 0)) return unexpected(std::move(error_));
        skip_whitespace();
        if (pos_ < text_.size()) {
            fail("unexpected content after the JSON value");
            return unexpected(std::move(error_));
        }
        return value;
    }

  private:
    bool fail(std::string_view what) {
        if (error_.empty()) {
            error_ = "invalid JSON at offset " + std::to_string(pos_) + ": " + std::string(what);
        }
        return false;
    }

    bool at_end() const { return pos_ >= text_.size(); }

    void skip_whitespace() {
        while (!at_end()) {
            const char c = text_[pos_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            ++pos_;
        }
    }

    std::size_t skip_plain_ascii(std::size_t from) const {
        const char* at = text_.data() + from;
        const char* const end = text_.data() + text_.size();
        while (at != end && kPlainAscii[static_cast<unsigned char>(*at)]) ++at;
        return static_cast<std::size_t>(at - text_.data());
    }

    bool consume_literal(std::string_view literal) {
        if (text_.substr(pos_, literal.size()) != literal) return fail("unexpected character");
        pos_ += literal.size();
        return true;
    }

    bool parse_value(OrderedJson& out, int depth) {
        if (at_end()) return fail("unexpected end of input");
        switch (text_[pos_]) {
            case '{':
                return parse_object(out, depth + 1);
            case '[':
                return parse_array(out, depth + 1);
            case '"': {
                std::string text;
                if (!parse_string(text)) return false;
                out = OrderedJson::string(std::move(text));
                return true;
            }
            case 't':
                out = OrderedJson::boolean(true);
                return consume_literal("true");
            case 'f':
                out = OrderedJson::boolean(false);
                return consume_literal("false");
            case 'n':
                out = OrderedJson();
                return consume_literal("null");
            default:
                return parse_number(out);
        }
    }

    bool parse_object(OrderedJson& out, int depth) {
        if (depth > kMaxDepth) return fail("nested too deeply");
        ++pos_;  // '{'
        skip_whitespace();
        if (!at_end() && text_[pos_] == '}') {
            ++pos_;
            out = OrderedJson::object({});
            return true;
        }
        // Members collect on the shared scratch stack above those of the enclosing objects, so
        // that the object gets one vector of the exact size.
        std::vector<OrderedJsonMember>& stack = scratch_.members;
        const std::size_t first = stack.size();
        while (true) {
            skip_whitespace();
            if (at_end() || text_[pos_] != '"') return fail("expected a string key");
            // The key is parsed in its slot; the value is parsed aside, since a nested container
            // grows the same stack and may move the slot.
            const std::size_t slot = stack.size();
            stack.emplace_back();
            if (!parse_string(stack[slot].key)) return false;
            skip_whitespace();
            if (at_end() || text_[pos_] != ':') return fail("expected ':'");
            ++pos_;
            skip_whitespace();
            OrderedJson value;
            if (!parse_value(value, depth)) return false;
            stack[slot].value = std::move(value);
            skip_whitespace();
            if (at_end()) return fail("unexpected end of input");
            if (text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (text_[pos_] == '}') {
                ++pos_;
                const auto begin = stack.begin() + static_cast<std::ptrdiff_t>(first);
                out = OrderedJson::object(std::vector<OrderedJsonMember>(
                    std::make_move_iterator(begin), std::make_move_iterator(stack.end())));
                stack.erase(begin, stack.end());
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }

    bool parse_array(OrderedJson& out, int depth) {
        if (depth > kMaxDepth) return fail("nested too deeply");
        ++pos_;  // '['
        skip_whitespace();
        if (!at_end() && text_[pos_] == ']') {
            ++pos_;
            out = OrderedJson::array({});
            return true;
        }
        std::vector<OrderedJson>& stack = scratch_.items;
        const std::size_t first = stack.size();
        while (true) {
            skip_whitespace();
            OrderedJson item;
            if (!parse_value(item, depth)) return false;
            stack.push_back(std::move(item));
            skip_whitespace();
            if (at_end()) return fail("unexpected end of input");
            if (text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (text_[pos_] == ']') {
                ++pos_;
                const auto begin = stack.begin() + static_cast<std::ptrdiff_t>(first);
                out = OrderedJson::array(std::vector<OrderedJson>(
                    std::make_move_iterator(begin), std::make_move_iterator(stack.end())));
                stack.erase(begin, stack.end());
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }

    bool parse_hex4(std::uint32_t& out) {
        if (pos_ + 4 > text_.size()) return fail("incomplete \\u escape");
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hex_value(text_[pos_ + static_cast<std::size_t>(i)]);
            if (digit < 0) return fail("invalid \\u escape");
            out = out * 16 + static_cast<std::uint32_t>(digit);
        }
        pos_ += 4;
        return true;
    }

    bool parse_string(std::string& out) {
        ++pos_;  // '"'
        while (true) {
            if (at_end()) return fail("unterminated string");
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
            if (c != '\\') {
                // Copy the run up to the next quote, escape or control character at once.
                const std::size_t start = pos_;
                while (!at_end()) {
                    pos_ = skip_plain_ascii(pos_);
                    if (at_end()) break;
                    const auto byte = static_cast<unsigned char>(text_[pos_]);
                    if (byte == '"' || byte == '\\' || byte < 0x20) break;
                    const std::size_t length = utf8_sequence_length(text_, pos_);
                    if (length == 0) {
                        out.append(text_.substr(start, pos_ - start));
                        return fail("invalid UTF-8");
                    }
                    pos_ += length;
                }
                out.append(text_.substr(start, pos_ - start));
                continue;
            }
            ++pos_;
            if (at_end()) return fail("unterminated string");
            const char escape = text_[pos_++];
            switch (escape) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    std::uint32_t unit = 0;
                    if (!parse_hex4(unit)) return false;
                    if (unit >= 0xD800 && unit <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
                        const std::size_t saved = pos_;
                        pos_ += 2;
                        std::uint32_t low = 0;
                        if (!parse_hex4(low)) return false;
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        } else {
                            pos_ = saved;  // a lone high surrogate; the next escape stands alone
                        }
                    }
                    append_utf8(out, unit);
                    break;
                }
                default:
                    --pos_;
                    return fail("invalid escape");
            }
        }
    }

    bool parse_number(OrderedJson& out) {
        const std::size_t start = pos_;
        if (text_[pos_] == '-') ++pos_;
        if (at_end() || !is_digit(text_[pos_])) return fail("unexpected character");
        if (text_[pos_] == '0') {
            ++pos_;
        } else {
            while (!at_end() && is_digit(text_[pos_])) ++pos_;
        }
        if (!at_end() && text_[pos_] == '.') {
            ++pos_;
            if (at_end() || !is_digit(text_[pos_])) return fail("expected a digit");
            while (!at_end() && is_digit(text_[pos_])) ++pos_;
        }
        if (!at_end() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            if (!at_end() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
            if (at_end() || !is_digit(text_[pos_])) return fail("expected a digit");
            while (!at_end() && is_digit(text_[pos_])) ++pos_;
        }
        const std::string_view literal = text_.substr(start, pos_ - start);
        double value = 0;
        const auto result = std::from_chars(literal.data(), literal.data() + literal.size(), value);
        if (result.ec == std::errc::result_out_of_range) {
            value = out_of_range_value(literal);
        } else if (result.ec != std::errc() || result.ptr != literal.data() + literal.size()) {
            return fail("invalid number");
        }
        out = OrderedJson::number(value);
        return true;
    }

    // A literal outside the range of double: JavaScript reads a huge one as ±Infinity and a tiny
    // one as ±0. The decimal exponent of the first significant digit tells which.
    static double out_of_range_value(std::string_view literal) {
        const bool negative = literal.front() == '-';
        long long first_digit_exponent = 0;
        bool seen_significant = false;
        long long integer_digits = 0;
        long long leading_fraction_zeros = 0;
        bool in_fraction = false;
        std::size_t i = negative ? 1 : 0;
        for (; i < literal.size() && literal[i] != 'e' && literal[i] != 'E'; ++i) {
            const char c = literal[i];
            if (c == '.') {
                in_fraction = true;
                continue;
            }
            if (!seen_significant && c != '0') seen_significant = true;
            if (!in_fraction && seen_significant) ++integer_digits;
            if (in_fraction && !seen_significant) ++leading_fraction_zeros;
        }
        long long exponent = 0;
        if (i < literal.size()) {
            std::string_view digits = literal.substr(i + 1);
            const bool exponent_negative = !digits.empty() && digits.front() == '-';
            if (!digits.empty() && (digits.front() == '-' || digits.front() == '+'))
                digits.remove_prefix(1);
            for (char c : digits) {
                exponent = std::min(exponent * 10 + (c - '0'), 1'000'000'000LL);
            }
            if (exponent_negative) exponent = -exponent;
        }
        first_digit_exponent = integer_digits > 0 ? integer_digits - 1 + exponent
                                                  : exponent - leading_fraction_zeros - 1;
        const double magnitude =
            first_digit_exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
        return negative ? -magnitude : magnitude;
    }

    std::string_view text_;
    ParserScratch& scratch_;
    std::size_t pos_ = 0;
    std::string error_;
};

}  // namespace

Expected<OrderedJson, std::string> parse_ordered_json(std::string_view text) {
    thread_local ParserScratch scratch;
    auto parsed = Parser(text, scratch).parse_document();
    scratch.trim();
    return parsed;
}

std::string js_to_well_formed(std::string_view wtf8) {
    std::string out(wtf8);
    // A surrogate's WTF-8 form is ED A0..BF xx; a well-formed pair was already joined on parsing.
    for (std::size_t at = out.find('\xED'); at != std::string::npos && at + 2 < out.size();
         at = out.find('\xED', at + 1)) {
        if (static_cast<unsigned char>(out[at + 1]) >= 0xA0) out.replace(at, 3, "\xEF\xBF\xBD");
    }
    return out;
}

}  // namespace lapce_ai::json
static_assert(sizeof(lapce_ai::json::OrderedJson) <= 40, "a JSON value stays small");
