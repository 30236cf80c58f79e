#include "hpack_decoder.h"

#include <iterator>
#include <optional>
#include <utility>

#include "hpack_huffman.h"

namespace lapce_ai::providers {

namespace {

// RFC 7541 4.1: an entry's size counts 32 bytes of overhead besides its name and value.
constexpr std::size_t kEntryOverhead = 32;

// RFC 7541 Appendix A.
constexpr HpackStaticEntry kStaticTable[] = {
    {":authority", ""},                    // 1
    {":method", "GET"},                    // 2
    {":method", "POST"},                   // 3
    {":path", "/"},                        // 4
    {":path", "/index.html"},              // 5
    {":scheme", "http"},                   // 6
    {":scheme", "https"},                  // 7
    {":status", "200"},                    // 8
    {":status", "204"},                    // 9
    {":status", "206"},                    // 10
    {":status", "304"},                    // 11
    {":status", "400"},                    // 12
    {":status", "404"},                    // 13
    {":status", "500"},                    // 14
    {"accept-charset", ""},                // 15
    {"accept-encoding", "gzip, deflate"},  // 16
    {"accept-language", ""},               // 17
    {"accept-ranges", ""},                 // 18
    {"accept", ""},                        // 19
    {"access-control-allow-origin", ""},   // 20
    {"age", ""},                           // 21
    {"allow", ""},                         // 22
    {"authorization", ""},                 // 23
    {"cache-control", ""},                 // 24
    {"content-disposition", ""},           // 25
    {"content-encoding", ""},              // 26
    {"content-language", ""},              // 27
    {"content-length", ""},                // 28
    {"content-location", ""},              // 29
    {"content-range", ""},                 // 30
    {"content-type", ""},                  // 31
    {"cookie", ""},                        // 32
    {"date", ""},                          // 33
    {"etag", ""},                          // 34
    {"expect", ""},                        // 35
    {"expires", ""},                       // 36
    {"from", ""},                          // 37
    {"host", ""},                          // 38
    {"if-match", ""},                      // 39
    {"if-modified-since", ""},             // 40
    {"if-none-match", ""},                 // 41
    {"if-range", ""},                      // 42
    {"if-unmodified-since", ""},           // 43
    {"last-modified", ""},                 // 44
    {"link", ""},                          // 45
    {"location", ""},                      // 46
    {"max-forwards", ""},                  // 47
    {"proxy-authenticate", ""},            // 48
    {"proxy-authorization", ""},           // 49
    {"range", ""},                         // 50
    {"referer", ""},                       // 51
    {"refresh", ""},                       // 52
    {"retry-after", ""},                   // 53
    {"server", ""},                        // 54
    {"set-cookie", ""},                    // 55
    {"strict-transport-security", ""},     // 56
    {"transfer-encoding", ""},             // 57
    {"user-agent", ""},                    // 58
    {"vary", ""},                          // 59
    {"via", ""},                           // 60
    {"www-authenticate", ""},              // 61
};
static_assert(std::size(kStaticTable) == 61);

}  // namespace

std::span<const HpackStaticEntry> hpack_static_table() {
    return kStaticTable;
}

HpackDecoder::HpackDecoder(std::size_t table_limit, std::size_t list_limit)
    : table_limit_(table_limit), list_limit_(list_limit), capacity_(table_limit) {}

bool HpackDecoder::fail(std::string message) {
    failed_ = true;
    error_ = std::move(message);
    return false;
}

bool HpackDecoder::read_integer(std::string_view& input, int prefix_bits, std::size_t& value) {
    if (input.empty()) return fail("truncated header block");
    const unsigned max_prefix = (1u << prefix_bits) - 1;
    std::uint64_t result = static_cast<unsigned char>(input.front()) & max_prefix;
    input.remove_prefix(1);
    if (result == max_prefix) {
        // Continuation bytes, 7 bits each, least significant first; zero bits padding a small
        // value out to more bytes are refused too once the shift passes the limit.
        for (int shift = 0;; shift += 7) {
            if (shift > 28) return fail("HPACK integer overflow");
            if (input.empty()) return fail("truncated header block");
            const auto byte = static_cast<unsigned char>(input.front());
            input.remove_prefix(1);
            result += std::uint64_t{byte & 0x7fu} << shift;
            if (result > kMaxInteger) return fail("HPACK integer overflow");
            if ((byte & 0x80) == 0) break;
        }
    }
    value = static_cast<std::size_t>(result);
    return true;
}

bool HpackDecoder::read_string(std::string_view& input, std::string& out) {
    const bool huffman = !input.empty() && (static_cast<unsigned char>(input.front()) & 0x80);
    std::size_t length = 0;
    if (!read_integer(input, 7, length)) return false;
    if (length > input.size()) return fail("truncated header block");
    const std::string_view bytes = input.substr(0, length);
    input.remove_prefix(length);
    if (!huffman) {
        out.assign(bytes);
        return true;
    }
    std::optional<std::string> decoded = hpack_huffman_decode(bytes);
    if (!decoded) return fail("invalid Huffman string");
    out = std::move(*decoded);
    return true;
}

bool HpackDecoder::lookup(std::size_t index, std::string_view& name,
                          std::string_view& value) const {
    if (index == 0) return false;
    if (index <= std::size(kStaticTable)) {
        name = kStaticTable[index - 1].name;
        value = kStaticTable[index - 1].value;
        return true;
    }
    const std::size_t dynamic = index - std::size(kStaticTable) - 1;
    if (dynamic >= table_.size()) return false;
    name = table_[dynamic].name;
    value = table_[dynamic].value;
    return true;
}

bool HpackDecoder::take_field(std::size_t name_size, std::size_t value_size) {
    const std::size_t size = name_size + value_size + kEntryOverhead;
    if (size > list_limit_ - list_bytes_) return fail("header list too large");
    list_bytes_ += size;
    return true;
}

void HpackDecoder::evict_to(std::size_t size) {
    while (table_size_ > size) {
        const HpackHeader& oldest = table_.back();
        table_size_ -= oldest.name.size() + oldest.value.size() + kEntryOverhead;
        table_.pop_back();
    }
}

void HpackDecoder::insert(const HpackHeader& header) {
    // RFC 7541 4.4: an entry larger than the table empties it and is not added.
    const std::size_t size = header.name.size() + header.value.size() + kEntryOverhead;
    if (size > capacity_) {
        evict_to(0);
        return;
    }
    evict_to(capacity_ - size);
    table_.push_front(header);
    table_size_ += size;
}

bool HpackDecoder::decode(std::string_view block, std::vector<HpackHeader>& out) {
    out.clear();
    if (failed_) return false;
    list_bytes_ = 0;
    if (decode_fields(block, out)) return true;
    out.clear();
    return false;
}

bool HpackDecoder::decode_fields(std::string_view block, std::vector<HpackHeader>& out) {
    bool field_seen = false;
    while (!block.empty()) {
        const auto first = static_cast<unsigned char>(block.front());
        std::size_t index = 0;
        std::string_view name;
        std::string_view value;
        if (first & 0x80) {
            // Indexed header field (RFC 7541 6.1).
            if (!read_integer(block, 7, index)) return false;
            if (!lookup(index, name, value)) return fail("HPACK index out of range");
            if (!take_field(name.size(), value.size())) return false;
            out.push_back({std::string(name), std::string(value)});
            field_seen = true;
            continue;
        }
        if ((first & 0xe0) == 0x20) {
            // Dynamic table size update (RFC 7541 6.3), allowed only before the first field
            // (4.2).
            if (field_seen) return fail("dynamic table size update after a header field");
            std::size_t size = 0;
            if (!read_integer(block, 5, size)) return false;
            if (size > table_limit_) return fail("dynamic table size update over the limit");
            capacity_ = size;
            evict_to(capacity_);
            continue;
        }
        // Literal header field with incremental indexing (01), without indexing (0000) or never
        // indexed (0001) (RFC 7541 6.2): a name by index or as a string, then the value.
        const bool indexing = (first & 0xc0) == 0x40;
        if (!read_integer(block, indexing ? 6 : 4, index)) return false;
        HpackHeader header;
        if (index == 0) {
            if (!read_string(block, header.name)) return false;
        } else {
            if (!lookup(index, name, value)) return fail("HPACK index out of range");
            header.name.assign(name);
        }
        if (!read_string(block, header.value)) return false;
        if (!take_field(header.name.size(), header.value.size())) return false;
        field_seen = true;
        if (indexing) insert(header);
        out.push_back(std::move(header));
    }
    return true;
}

}  // namespace lapce_ai::providers
