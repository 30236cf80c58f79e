#include "js_base64.h"

#include <cstdint>

#include "provider_error.h"

namespace lapce_ai::providers::js {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool ascii_whitespace(char c) {
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

[[noreturn]] void invalid(const char* message) {
    throw ProviderError("InvalidCharacterError", message);
}

}  // namespace

std::string atob(std::string_view text) {
    // Node's validation pass (lib/buffer.js atob): '=' only at the end, at most two of them.
    std::size_t significant = 0;
    std::size_t equals = 0;
    for (char c : text) {
        if (ascii_whitespace(c)) continue;
        if (c == '=') {
            ++significant;
            ++equals;
            if (equals > 2) invalid("Invalid character");
        } else if (kAlphabet.find(c) != std::string_view::npos) {
            ++significant;
            if (equals > 0) invalid("Invalid character");
        } else {
            invalid("Invalid character");
        }
    }
    std::size_t remainder = significant % 4;
    if (remainder == 0) {
        remainder = (significant - equals) % 4;
    } else if (equals > 0) {
        invalid("Invalid character");
    }
    if (remainder == 1) invalid("The string to be decoded is not correctly encoded.");

    std::string bytes;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (ascii_whitespace(c) || c == '=') continue;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(kAlphabet.find(c));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes += static_cast<char>((buffer >> bits) & 0xFFU);
        }
    }
    return bytes;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t chunk =
            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
            static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
        out += kAlphabet[(chunk >> 18) & 0x3F];
        out += kAlphabet[(chunk >> 12) & 0x3F];
        out += kAlphabet[(chunk >> 6) & 0x3F];
        out += kAlphabet[chunk & 0x3F];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t chunk = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]))
                              << 16;
        if (rest == 2)
            chunk |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out += kAlphabet[(chunk >> 18) & 0x3F];
        out += kAlphabet[(chunk >> 12) & 0x3F];
        out += rest == 2 ? kAlphabet[(chunk >> 6) & 0x3F] : '=';
        out += '=';
    }
    return out;
}

}  // namespace lapce_ai::providers::js
