#include "js_string.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace lapce_ai::prompts {
namespace {

unsigned char byte_at(std::string_view text, std::size_t index) {
    return static_cast<unsigned char>(text[index]);
}

// ECMAScript WhiteSpace and LineTerminator code points.
constexpr std::array<char32_t, 25> kJsWhitespace = {
    0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0xA0,   0x1680, 0x2000,
    0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
    0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF};

bool is_js_whitespace(char32_t c) {
    return std::find(kJsWhitespace.begin(), kJsWhitespace.end(), c) != kJsWhitespace.end();
}

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for invalid bytes).
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0xC0) return 1;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    return 4;
}

char32_t decode(std::string_view text, std::size_t at, std::size_t length) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
    switch (length) {
        case 1:
            return byte(0);
        case 2:
            return char32_t(byte(0) & 0x1F) << 6 | (byte(1) & 0x3F);
        case 3:
            return char32_t(byte(0) & 0x0F) << 12 | char32_t(byte(1) & 0x3F) << 6 |
                   (byte(2) & 0x3F);
        default:
            return char32_t(byte(0) & 0x07) << 18 | char32_t(byte(1) & 0x3F) << 12 |
                   char32_t(byte(2) & 0x3F) << 6 | (byte(3) & 0x3F);
    }
}

// The byte offset where the leading white space of `text` ends.
std::size_t leading_whitespace_end(std::string_view text) {
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t length = sequence_length(static_cast<unsigned char>(text[at]));
        if (at + length > text.size() || !is_js_whitespace(decode(text, at, length))) break;
        at += length;
    }
    return at;
}

// The byte offset where the trailing white space of `text` starts.
std::size_t trailing_whitespace_start(std::string_view text) {
    std::size_t end = text.size();
    while (end > 0) {
        std::size_t start = end - 1;
        while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
        const std::size_t length = end - start;
        if (length != sequence_length(static_cast<unsigned char>(text[start])) ||
            !is_js_whitespace(decode(text, start, length))) {
            break;
        }
        end = start;
    }
    return end;
}

}  // namespace

std::string_view js_trim(std::string_view text) {
    const std::size_t begin = leading_whitespace_end(text);
    if (begin == text.size()) return {};
    return text.substr(begin, trailing_whitespace_start(text) - begin);
}

void js_trim_in_place(std::string& text) {
    const std::string_view trimmed = js_trim(text);
    const std::size_t begin = trimmed.empty() ? 0 : std::size_t(trimmed.data() - text.data());
    text.erase(begin + trimmed.size()).erase(0, begin);
}

std::string to_posix(std::string_view path) {
    if (path.starts_with("\\\\?\\")) return std::string(path);
    std::string posix(path);
    std::replace(posix.begin(), posix.end(), '\\', '/');
    return posix;
}

std::string js_to_fixed(double value, int digits) {
    if (std::isnan(value)) return "NaN";
    std::string sign;
    if (value < 0) {
        sign = "-";
        value = -value;
    }
    // The exact decimal expansion of the double (glibc prints it exactly), then rounding half up
    // at `digits`, which is what toFixed's "pick the larger n" means.
    std::vector<char> buffer(1200);
    std::snprintf(buffer.data(), buffer.size(), "%.1100f", value);
    std::string exact(buffer.data());
    const std::size_t point = exact.find('.');
    std::string integer = exact.substr(0, point);
    std::string fraction = exact.substr(point + 1);
    const bool round_up = fraction[static_cast<std::size_t>(digits)] >= '5';
    std::string kept = integer + fraction.substr(0, static_cast<std::size_t>(digits));
    if (round_up) {
        bool carry = true;
        for (std::size_t i = kept.size(); carry && i > 0;) {
            --i;
            if (kept[i] == '9') {
                kept[i] = '0';
            } else {
                ++kept[i];
                carry = false;
            }
        }
        if (carry) kept.insert(kept.begin(), '1');
    }
    const std::size_t integer_digits = kept.size() - static_cast<std::size_t>(digits);
    std::string result = kept.substr(0, integer_digits);
    if (digits > 0) result += "." + kept.substr(integer_digits);
    return sign + result;
}

std::string js_iso_string(std::int64_t epoch_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> time{milliseconds{epoch_ms}};
    const sys_days day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss<milliseconds> clock{time - day};
    const int year = static_cast<int>(date.year());
    char buffer[64];
    if (year >= 0 && year <= 9999) {
        std::snprintf(buffer, sizeof buffer, "%04d", year);
    } else {
        std::snprintf(buffer, sizeof buffer, "%c%06d", year < 0 ? '-' : '+', std::abs(year));
    }
    std::string iso = buffer;
    std::snprintf(
        buffer, sizeof buffer, "-%02u-%02uT%02d:%02d:%02d.%03dZ",
        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
        static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
        static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
    return iso + buffer;
}

std::string decode_utf8_lossy(std::string_view bytes) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        const unsigned char lead = byte_at(bytes, i);
        if (lead < 0x80) {
            // A run of ASCII is copied at once, found eight bytes at a time.
            std::size_t end = i + 1;
            for (std::uint64_t word; end + 8 <= bytes.size(); end += 8) {
                std::memcpy(&word, bytes.data() + end, 8);
                if (word & 0x8080808080808080u) break;
            }
            while (end < bytes.size() && byte_at(bytes, end) < 0x80) ++end;
            out.append(bytes.substr(i, end - i));
            i = end;
            continue;
        }
        std::size_t needed = 0;
        unsigned char lower = 0x80;
        unsigned char upper = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            needed = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            needed = 2;
            if (lead == 0xE0) lower = 0xA0;
            if (lead == 0xED) upper = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            needed = 3;
            if (lead == 0xF0) lower = 0x90;
            if (lead == 0xF4) upper = 0x8F;
        } else {
            out += kReplacement;
            ++i;
            continue;
        }
        std::size_t next = i + 1;
        bool complete = true;
        for (std::size_t seen = 0; seen < needed; ++seen, ++next) {
            if (next >= bytes.size() || byte_at(bytes, next) < lower ||
                byte_at(bytes, next) > upper) {
                complete = false;
                break;
            }
            lower = 0x80;
            upper = 0xBF;
        }
        // An incomplete sequence is one U+FFFD; the byte that broke it is decoded afresh.
        if (complete) {
            out.append(bytes.substr(i, next - i));
        } else {
            out += kReplacement;
        }
        i = next;
    }
    return out;
}

std::string js_join(const std::vector<std::string>& items, std::string_view separator) {
    std::string joined;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) joined += separator;
        joined += items[i];
    }
    return joined;
}

}  // namespace lapce_ai::prompts
