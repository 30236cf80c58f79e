#include "js_text.h"

#include <cstdint>

namespace lapce_ai::prompts {
namespace {

bool is_js_whitespace(char32_t c) {
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

unsigned char byte_at(std::string_view text, std::size_t index) {
    return static_cast<unsigned char>(text[index]);
}

// The code point starting at `index` of valid UTF-8 and its length; a stray byte reads as
// itself (it is never whitespace above 0x7F, so trimming stops there).
std::pair<char32_t, std::size_t> code_point_at(std::string_view text, std::size_t index) {
    const unsigned char lead = byte_at(text, index);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (lead >= 0x80 && lead < 0xC0) length = 1;
    if (index + length > text.size()) return {lead, 1};
    char32_t value = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t i = 1; i < length; ++i)
        value = (value << 6) | (byte_at(text, index + i) & 0x3F);
    return {value, length};
}

}  // namespace

std::string_view js_trim(std::string_view text) {
    std::size_t begin = 0;
    while (begin < text.size()) {
        const auto [c, length] = code_point_at(text, begin);
        if (!is_js_whitespace(c)) break;
        begin += length;
    }
    std::size_t end = text.size();
    while (end > begin) {
        std::size_t start = end - 1;
        while (start > begin && (byte_at(text, start) & 0xC0) == 0x80) --start;
        const auto [c, length] = code_point_at(text, start);
        if (start + length != end || !is_js_whitespace(c)) break;
        end = start;
    }
    return text.substr(begin, end - begin);
}

std::string decode_utf8_lossy(std::string_view bytes) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        const unsigned char lead = byte_at(bytes, i);
        if (lead < 0x80) {
            out.push_back(static_cast<char>(lead));
            ++i;
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

}  // namespace lapce_ai::prompts
