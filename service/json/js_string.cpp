#include "js_string.h"

#include <cstdint>

namespace lapce_ai::json {

namespace {

constexpr char16_t kReplacement = 0xFFFD;

void append_code_point(std::u16string& out, std::uint32_t code_point) {
    if (code_point < 0x10000) {
        out += static_cast<char16_t>(code_point);
        return;
    }
    code_point -= 0x10000;
    out += static_cast<char16_t>(0xD800 + (code_point >> 10));
    out += static_cast<char16_t>(0xDC00 + (code_point & 0x3FF));
}

// The Encoding Standard's UTF-8 decoder, calling on_code_point for each decoded code point and
// on_error for each invalid sequence.
template <typename OnCodePoint, typename OnError>
void decode_utf8(std::string_view bytes, OnCodePoint on_code_point, OnError on_error) {
    std::uint32_t code_point = 0;
    int bytes_needed = 0;
    int bytes_seen = 0;
    unsigned lower = 0x80;
    unsigned upper = 0xBF;
    for (std::size_t i = 0; i < bytes.size();) {
        const unsigned byte = static_cast<unsigned char>(bytes[i]);
        if (bytes_needed == 0) {
            ++i;
            if (byte < 0x80) {
                on_code_point(byte);
            } else if (byte >= 0xC2 && byte <= 0xDF) {
                bytes_needed = 1;
                code_point = byte & 0x1F;
            } else if (byte >= 0xE0 && byte <= 0xEF) {
                if (byte == 0xE0) lower = 0xA0;
                if (byte == 0xED) upper = 0x9F;
                bytes_needed = 2;
                code_point = byte & 0x0F;
            } else if (byte >= 0xF0 && byte <= 0xF4) {
                if (byte == 0xF0) lower = 0x90;
                if (byte == 0xF4) upper = 0x8F;
                bytes_needed = 3;
                code_point = byte & 0x07;
            } else {
                on_error();
            }
            continue;
        }
        if (byte < lower || byte > upper) {
            // The byte is not consumed: it starts the next sequence.
            code_point = 0;
            bytes_needed = 0;
            bytes_seen = 0;
            lower = 0x80;
            upper = 0xBF;
            on_error();
            continue;
        }
        ++i;
        lower = 0x80;
        upper = 0xBF;
        code_point = (code_point << 6) | (byte & 0x3F);
        if (++bytes_seen == bytes_needed) {
            on_code_point(code_point);
            code_point = 0;
            bytes_needed = 0;
            bytes_seen = 0;
        }
    }
    if (bytes_needed != 0) on_error();
}

}  // namespace

std::u16string js_string_from_utf8(std::string_view bytes) {
    std::u16string out;
    out.reserve(bytes.size());
    decode_utf8(
        bytes, [&](std::uint32_t code_point) { append_code_point(out, code_point); },
        [&] { out += kReplacement; });
    return out;
}

bool is_well_formed_utf8(std::string_view bytes) {
    bool valid = true;
    decode_utf8(
        bytes, [](std::uint32_t) {}, [&] { valid = false; });
    return valid;
}

std::string wtf8_from_js_string(std::u16string_view units) {
    std::string out;
    out.reserve(units.size());
    for (std::size_t i = 0; i < units.size(); ++i) {
        std::uint32_t code_point = units[i];
        const bool high = code_point >= 0xD800 && code_point <= 0xDBFF;
        if (high && i + 1 < units.size() && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF) {
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (units[i + 1] - 0xDC00);
            ++i;
        }
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
    return out;
}

}  // namespace lapce_ai::json
