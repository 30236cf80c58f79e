#include "hpack_encoder.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace lapce_ai::providers {

namespace {

// RFC 7541 5.1: `value` in a `prefix_bits` prefix of a first byte whose other bits are `pattern`,
// then 7 bits a byte if it does not fit.
void append_integer(std::string& out, std::uint8_t pattern, int prefix_bits, std::size_t value) {
    const std::size_t max_prefix = (std::size_t{1} << prefix_bits) - 1;
    if (value < max_prefix) {
        out.push_back(static_cast<char>(pattern | value));
        return;
    }
    out.push_back(static_cast<char>(pattern | max_prefix));
    value -= max_prefix;
    while (value >= 0x80) {
        out.push_back(static_cast<char>(0x80 | (value & 0x7f)));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

// RFC 7541 5.2, without Huffman coding (H = 0).
void append_string(std::string& out, std::string_view text) {
    append_integer(out, 0x00, 7, text.size());
    out.append(text);
}

// Credentials: sent "never indexed" (RFC 7541 7.1.3), so no intermediary compresses them.
bool is_secret(std::string_view name) {
    return name == "authorization" || name == "proxy-authorization" || name == "cookie" ||
           name.ends_with("api-key");
}

}  // namespace

void hpack_encode(const std::vector<HpackHeader>& headers, std::string& out) {
    const std::span<const HpackStaticEntry> table = hpack_static_table();
    std::size_t size = 0;
    for (const HpackHeader& header : headers) size += header.name.size() + header.value.size() + 6;
    out.reserve(out.size() + size);
    for (const HpackHeader& header : headers) {
        std::size_t name_index = 0;  // 1-based; 0: not in the table
        std::size_t full_index = 0;
        for (std::size_t i = 0; i < table.size() && full_index == 0; ++i) {
            if (table[i].name != header.name) continue;
            if (name_index == 0) name_index = i + 1;
            if (table[i].value == header.value) full_index = i + 1;
        }
        // Literals are "without indexing" (6.2.2), credentials "never indexed" (6.2.3).
        const std::uint8_t literal = is_secret(header.name) ? 0x10 : 0x00;
        if (full_index != 0 && literal == 0x00) {
            append_integer(out, 0x80, 7, full_index);  // indexed header field (6.1)
        } else if (name_index != 0) {
            append_integer(out, literal, 4, name_index);  // the name by its index
            append_string(out, header.value);
        } else {
            out.push_back(static_cast<char>(literal));  // a new name
            append_string(out, header.name);
            append_string(out, header.value);
        }
    }
}

}  // namespace lapce_ai::providers
