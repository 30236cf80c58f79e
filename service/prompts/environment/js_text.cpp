#include "js_text.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

namespace lapce_ai::prompts::js {
namespace {

bool is_js_space(char32_t c) {
    switch (c) {
        case 0x09:
        case 0x0A:
        case 0x0B:
        case 0x0C:
        case 0x0D:
        case 0x20:
        case 0xA0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x3000:
        case 0xFEFF:
            return true;
        default:
            return c >= 0x2000 && c <= 0x200A;
    }
}

// Decodes the UTF-8 sequence starting at `pos`; `length` gets its byte count (1 for bytes that
// are not valid UTF-8, which are never white space).
char32_t decode_at(std::string_view text, std::size_t pos, std::size_t& length) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    length = 1;
    if (lead < 0x80) return lead;
    std::size_t extra = 0;
    char32_t value = 0;
    if ((lead & 0xE0) == 0xC0) {
        extra = 1;
        value = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        extra = 2;
        value = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        extra = 3;
        value = lead & 0x07;
    } else {
        return 0xFFFD;
    }
    if (pos + extra >= text.size()) return 0xFFFD;
    for (std::size_t i = 1; i <= extra; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) return 0xFFFD;
        value = (value << 6) | (byte(pos + i) & 0x3F);
    }
    length = extra + 1;
    return value;
}

}  // namespace

std::string trim(std::string_view text) {
    // Code point boundaries, so the end can be trimmed backwards.
    std::vector<std::pair<std::size_t, char32_t>> points;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t length = 1;
        points.emplace_back(pos, decode_at(text, pos, length));
        pos += length;
    }
    std::size_t first = 0;
    while (first < points.size() && is_js_space(points[first].second)) ++first;
    std::size_t last = points.size();
    while (last > first && is_js_space(points[last - 1].second)) --last;
    if (first == last) return {};
    const std::size_t begin = points[first].first;
    const std::size_t end = last < points.size() ? points[last].first : text.size();
    return std::string(text.substr(begin, end - begin));
}

std::string to_fixed(double value, int digits) {
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

std::string iso_string(std::int64_t epoch_ms) {
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

}  // namespace lapce_ai::prompts::js
