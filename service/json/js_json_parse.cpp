#include "js_json_parse.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "js_string.h"

namespace lapce_ai::json {

namespace {

// V8's JsonToken, classified by the one-character table of src/json/json-parser.cc.
enum class Token {
    Number,
    String,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
    TrueLiteral,
    FalseLiteral,
    NullLiteral,
    Whitespace,
    Colon,
    Comma,
    Illegal,
    EndOfString,
};

Token token_of(char16_t c) {
    if (c >= '0' && c <= '9') return Token::Number;
    switch (c) {
        case '"':
            return Token::String;
        case '-':
            return Token::Number;
        case '[':
            return Token::LBrack;
        case '{':
            return Token::LBrace;
        case ']':
            return Token::RBrack;
        case '}':
            return Token::RBrace;
        case 't':
            return Token::TrueLiteral;
        case 'f':
            return Token::FalseLiteral;
        case 'n':
            return Token::NullLiteral;
        case ' ':
        case '\t':
        case '\r':
        case '\n':
            return Token::Whitespace;
        case ':':
            return Token::Colon;
        case ',':
            return Token::Comma;
        default:
            return Token::Illegal;
    }
}

bool is_decimal_digit(std::uint32_t c) {
    return c >= '0' && c <= '9';
}

bool is_hex_digit(std::uint32_t c) {
    return is_decimal_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The message templates V8 fills with the position (src/common/message-template.h), up to
// their " at position %".
enum class Message {
    None,  // the message follows from the unexpected token
    UnexpectedNonWhiteSpaceCharacter,
    ExpectedPropNameOrRBrace,
    ExpectedDoubleQuotedPropertyName,
    ExpectedColonAfterPropertyName,
    ExpectedCommaOrRBrace,
    ExpectedCommaOrRBrack,
    UnterminatedString,
    BadEscapedCharacter,
    BadUnicodeEscape,
    BadControlCharacter,
    NoNumberAfterMinusSign,
    UnterminatedFractionalNumber,
    ExponentPartMissingNumber,
};

std::string_view message_text(Message message) {
    switch (message) {
        case Message::None:
            break;
        case Message::UnexpectedNonWhiteSpaceCharacter:
            return "Unexpected non-whitespace character after JSON";
        case Message::ExpectedPropNameOrRBrace:
            return "Expected property name or '}' in JSON";
        case Message::ExpectedDoubleQuotedPropertyName:
            return "Expected double-quoted property name in JSON";
        case Message::ExpectedColonAfterPropertyName:
            return "Expected ':' after property name in JSON";
        case Message::ExpectedCommaOrRBrace:
            return "Expected ',' or '}' after property value in JSON";
        case Message::ExpectedCommaOrRBrack:
            return "Expected ',' or ']' after array element in JSON";
        case Message::UnterminatedString:
            return "Unterminated string in JSON";
        case Message::BadEscapedCharacter:
            return "Bad escaped character in JSON";
        case Message::BadUnicodeEscape:
            return "Bad Unicode escape in JSON";
        case Message::BadControlCharacter:
            return "Bad control character in string literal in JSON";
        case Message::NoNumberAfterMinusSign:
            return "No number after minus sign in JSON";
        case Message::UnterminatedFractionalNumber:
            return "Unterminated fractional number in JSON";
        case Message::ExponentPartMissingNumber:
            return "Exponent part is missing a number in JSON";
    }
    return {};
}

// Walks the string in the order of V8's JsonParser::ParseJsonValue and returns the message of
// the first error it reports (V8 ignores every later one), or nothing when the text is JSON.
class V8ErrorFinder {
  public:
    explicit V8ErrorFinder(std::u16string_view source) : source_(source) {}

    std::optional<std::string> find() {
        run();
        return std::move(error_);
    }

  private:
    static constexpr std::uint32_t kEndOfString = 0xFFFFFFFF;
    // JsonParser::kMaxContextCharacters and kMinOriginalSourceLengthForContext.
    static constexpr std::size_t kMaxContextCharacters = 10;
    static constexpr std::size_t kMinSourceLengthForContext = kMaxContextCharacters * 2 + 1;

    enum class Container { Object, Array };

    bool at_end() const { return pos_ >= source_.size(); }
    std::uint32_t current() const { return at_end() ? kEndOfString : source_[pos_]; }
    std::uint32_t next_character() {
        ++pos_;
        return current();
    }

    void skip_whitespace() {
        while (!at_end() && token_of(source_[pos_]) == Token::Whitespace) ++pos_;
        next_ = at_end() ? Token::EndOfString : token_of(source_[pos_]);
    }

    bool check(Token token) {
        skip_whitespace();
        if (next_ != token) return false;
        ++pos_;
        return true;
    }

    bool expect(Token token, Message message) {
        if (next_ == token) {
            ++pos_;
            return true;
        }
        return report(next_, message);
    }

    bool expect_next(Token token, Message message) {
        skip_whitespace();
        return expect(token, message);
    }

    // JsonParser::ReportUnexpectedCharacter.
    bool report_character(std::uint32_t c) {
        Token token = Token::Illegal;
        if (c == kEndOfString) {
            token = Token::EndOfString;
        } else if (c <= 0xFF) {
            token = token_of(static_cast<char16_t>(c));
        }
        return report(token);
    }

    // JsonParser::ReportUnexpectedToken: always false, so that callers can return it.
    bool report(Token token, Message message = Message::None) {
        const std::string position = std::to_string(pos_);
        if (message != Message::None) {
            error_ = std::string(message_text(message)) + " at position " + position;
            return false;
        }
        switch (token) {
            case Token::EndOfString:
                error_ = "Unexpected end of JSON input";
                break;
            case Token::Number:
                error_ = "Unexpected number in JSON at position " + position;
                break;
            case Token::String:
                error_ = "Unexpected string in JSON at position " + position;
                break;
            default:
                error_ = is_special_string()
                             ? "\"" + wtf8_from_js_string(source_) + "\" is not valid JSON"
                             : unexpected_token_message();
        }
        return false;
    }

    // JsonParser::IsSpecialString: what String(value) gives for values that are no JSON.
    bool is_special_string() const {
        return source_ == u"[object Object]" || source_ == u"undefined" || source_ == u"Infinity" ||
               source_ == u"NaN";
    }

    // JsonParser::GetErrorMessageWithEllipses.
    std::string unexpected_token_message() const {
        const std::string token = wtf8_from_js_string(source_.substr(pos_, 1));
        const std::string head = "Unexpected token '" + token + "', ";
        const std::size_t length = source_.size();
        if (length < kMinSourceLengthForContext) {
            return head + "\"" + wtf8_from_js_string(source_) + "\" is not valid JSON";
        }
        if (pos_ < kMaxContextCharacters) {
            const auto excerpt = source_.substr(0, pos_ + kMaxContextCharacters);
            return head + "\"" + wtf8_from_js_string(excerpt) + "\"... is not valid JSON";
        }
        const std::size_t start = pos_ - kMaxContextCharacters;
        if (pos_ < length - kMaxContextCharacters) {
            const auto excerpt = source_.substr(start, 2 * kMaxContextCharacters);
            return head + "...\"" + wtf8_from_js_string(excerpt) + "\"... is not valid JSON";
        }
        return head + "...\"" + wtf8_from_js_string(source_.substr(start)) + "\" is not valid JSON";
    }

    void run() {
        std::vector<Container> containers;
        while (true) {
            if (!produce_value(containers)) return;
            // Consume the produced value: close containers as long as they end.
            while (true) {
                if (containers.empty()) {
                    if (!check(Token::EndOfString)) {
                        report(next_, Message::UnexpectedNonWhiteSpaceCharacter);
                    }
                    return;
                }
                if (containers.back() == Container::Object) {
                    if (check(Token::Comma)) {
                        if (!expect_next(Token::String, Message::ExpectedDoubleQuotedPropertyName))
                            return;
                        if (!scan_string()) return;
                        // V8 gives no specific message for the colon after a later key.
                        if (!expect_next(Token::Colon, Message::None)) return;
                        break;
                    }
                    if (!expect(Token::RBrace, Message::ExpectedCommaOrRBrace)) return;
                } else {
                    if (check(Token::Comma)) break;
                    if (!expect(Token::RBrack, Message::ExpectedCommaOrRBrack)) return;
                }
                containers.pop_back();
            }
        }
    }

    // Produces one value, or opens containers until their first member's value is due.
    bool produce_value(std::vector<Container>& containers) {
        while (true) {
            skip_whitespace();
            switch (next_) {
                case Token::String:
                    ++pos_;
                    return scan_string();
                case Token::Number:
                    return scan_number();
                case Token::LBrace:
                    ++pos_;
                    if (check(Token::RBrace)) return true;
                    containers.push_back(Container::Object);
                    // A key that is an array index is read by ScanJsonPropertyKey's fast path,
                    // which falls back to ScanJsonString whenever the key is anything else.
                    if (!expect_next(Token::String, Message::ExpectedPropNameOrRBrace))
                        return false;
                    if (!scan_string()) return false;
                    if (!expect_next(Token::Colon, Message::ExpectedColonAfterPropertyName))
                        return false;
                    continue;
                case Token::LBrack:
                    ++pos_;
                    if (check(Token::RBrack)) return true;
                    containers.push_back(Container::Array);
                    continue;
                case Token::TrueLiteral:
                    return scan_literal(u"true");
                case Token::FalseLiteral:
                    return scan_literal(u"false");
                case Token::NullLiteral:
                    return scan_literal(u"null");
                default:
                    return report_character(current());
            }
        }
    }

    // JsonParser::ScanLiteral; the first character matched already.
    bool scan_literal(std::u16string_view literal) {
        const std::size_t remaining = source_.size() - pos_;
        if (remaining >= literal.size() &&
            source_.substr(pos_ + 1, literal.size() - 1) == literal.substr(1)) {
            pos_ += literal.size();
            return true;
        }
        ++pos_;
        for (std::size_t i = 0; i < std::min(literal.size() - 1, remaining - 1); ++i) {
            if (literal[1 + i] != source_[pos_]) return report_character(source_[pos_]);
            ++pos_;
        }
        return report(Token::EndOfString);
    }

    // JsonParser::ScanJsonString, after the opening quote.
    bool scan_string() {
        while (true) {
            while (!at_end()) {
                const char16_t c = source_[pos_];
                if (c == '"' || c == '\\' || c < 0x20) break;
                ++pos_;
            }
            if (at_end()) return report(Token::Illegal, Message::UnterminatedString);
            if (source_[pos_] == '"') {
                ++pos_;
                return true;
            }
            if (source_[pos_] != '\\') return report(Token::Illegal, Message::BadControlCharacter);
            const std::uint32_t c = next_character();
            if (c == kEndOfString || c > 0xFF) return report_character(c);
            switch (c) {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    break;
                case 'u':
                    for (int i = 0; i < 4; ++i) {
                        if (!is_hex_digit(next_character())) {
                            return report(Token::Illegal, Message::BadUnicodeEscape);
                        }
                    }
                    break;
                default:
                    return report(Token::Illegal, Message::BadEscapedCharacter);
            }
            ++pos_;
        }
    }

    void skip_decimal_digits() {
        while (!at_end() && is_decimal_digit(source_[pos_])) ++pos_;
    }

    // JsonParser::ParseJsonNumber.
    bool scan_number() {
        bool negative = false;
        std::uint32_t c = current();
        if (c == '-') {
            negative = true;
            c = next_character();
        }
        if (c == '0') {
            c = next_character();
            const bool number_part =
                is_decimal_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
            if (number_part) {
                if (is_decimal_digit(c)) return report(Token::Number);
            } else if (!negative) {
                return true;
            }
        } else {
            const std::size_t digits_start = pos_;
            skip_decimal_digits();
            if (pos_ == digits_start)
                return report(Token::Illegal, Message::NoNumberAfterMinusSign);
        }
        if (current() == '.') {
            if (!is_decimal_digit(next_character())) {
                return report(Token::Illegal, Message::UnterminatedFractionalNumber);
            }
            skip_decimal_digits();
        }
        if (current() == 'e' || current() == 'E') {
            c = next_character();
            if (c == '-' || c == '+') c = next_character();
            if (!is_decimal_digit(c)) {
                return report(Token::Illegal, Message::ExponentPartMissingNumber);
            }
            skip_decimal_digits();
        }
        return true;
    }

    std::u16string_view source_;
    std::size_t pos_ = 0;
    Token next_ = Token::EndOfString;
    std::optional<std::string> error_;
};

}  // namespace

Expected<OrderedJson, std::string> js_json_parse(std::string_view utf8_text) {
    // parse_ordered_json accepts only well-formed UTF-8 (anything else outside a string is a
    // syntax error to it), so its success needs no separate check.
    if (auto parsed = parse_ordered_json(utf8_text)) return parsed;
    const bool well_formed = is_well_formed_utf8(utf8_text);
    const std::u16string source = js_string_from_utf8(utf8_text);
    if (auto error = V8ErrorFinder(source).find()) return unexpected(std::move(*error));
    // V8 accepts it: invalid UTF-8 read as U+FFFD, or nesting beyond parse_ordered_json's limit.
    return parse_ordered_json(well_formed ? std::string(utf8_text) : wtf8_from_js_string(source));
}

}  // namespace lapce_ai::json
