#include "js_whitespace.h"

#include <array>

namespace lapce_ai::providers {

namespace {

// U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 and U+FEFF.
constexpr std::array<std::string_view, 19> kMultiByteWhitespace = {
    "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82",
    "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87",
    "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9",
    "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF",
};

}  // namespace

std::size_t js_whitespace_length(std::string_view text) {
    if (text.empty()) return 0;
    switch (text.front()) {
        case '\t':
        case '\n':
        case '\v':
        case '\f':
        case '\r':
        case ' ':
            return 1;
        default:
            break;
    }
    for (std::string_view whitespace : kMultiByteWhitespace) {
        if (text.starts_with(whitespace)) return whitespace.size();
    }
    return 0;
}

bool starts_js_whitespace(std::string_view text) {
    for (std::string_view whitespace : kMultiByteWhitespace) {
        if (text.size() < whitespace.size() && whitespace.starts_with(text)) return true;
    }
    return false;
}

std::string_view js_trim(std::string_view text) {
    while (const std::size_t length = js_whitespace_length(text)) text.remove_prefix(length);
    for (bool trimmed = true; trimmed && !text.empty();) {
        trimmed = false;
        // A white space character is one to three bytes long.
        for (std::size_t size = 1; size <= 3 && size <= text.size(); ++size) {
            if (js_whitespace_length(text.substr(text.size() - size)) == size) {
                text.remove_suffix(size);
                trimmed = true;
                break;
            }
        }
    }
    return text;
}

}  // namespace lapce_ai::providers
