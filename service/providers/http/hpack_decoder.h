#pragma once

// Decoder of HPACK header blocks (RFC 7541) for the engine's own HTTP/2 client: one per
// connection, fed every header block the server sends, in order, each whole (HEADERS and its
// CONTINUATION frames joined). It keeps the dynamic table the server's encoder fills, within the
// SETTINGS_HEADER_TABLE_SIZE we advertise, and bounds what one block may decode to, since a few
// bytes naming table entries can stand for many. Any error is a connection error
// (COMPRESSION_ERROR): the tables may no longer match the server's, so the decoder refuses
// everything after it.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lapce_ai::providers {

struct HpackHeader {
    std::string name;
    std::string value;
    bool operator==(const HpackHeader&) const = default;
};

// One entry of the static table (RFC 7541 Appendix A).
struct HpackStaticEntry {
    std::string_view name;
    std::string_view value;
};
// The 61 entries of the static table, index 1 first.
std::span<const HpackStaticEntry> hpack_static_table();

class HpackDecoder {
  public:
    // The largest integer read (an index, a string length or a table size): more is an error.
    static constexpr std::uint64_t kMaxInteger = std::uint64_t{1} << 28;

    // `table_limit`: the SETTINGS_HEADER_TABLE_SIZE we advertise, which the server's table size
    // updates may not exceed; `list_limit`: the most one block may decode to, counted as RFC 7541
    // 4.1 counts table entries (name + value + 32 bytes per field).
    explicit HpackDecoder(std::size_t table_limit = 4096, std::size_t list_limit = 64 * 1024);

    // Decodes one whole header block into `out` (cleared first). False on any error, with
    // error() saying why; the decoder then stays failed and every later call returns false.
    bool decode(std::string_view block, std::vector<HpackHeader>& out);

    const std::string& error() const { return error_; }
    // The dynamic table's size in RFC 7541 4.1 bytes.
    std::size_t table_size() const { return table_size_; }
    // The dynamic table's maximum size, as the server's last size update set it.
    std::size_t table_capacity() const { return capacity_; }

  private:
    bool fail(std::string message);
    bool decode_fields(std::string_view block, std::vector<HpackHeader>& out);
    // Reads an integer with a `prefix_bits` prefix from the front of `input` (RFC 7541 5.1).
    bool read_integer(std::string_view& input, int prefix_bits, std::size_t& value);
    // Reads a string literal, Huffman-coded or not, from the front of `input` (RFC 7541 5.2).
    bool read_string(std::string_view& input, std::string& out);
    // The entry at `index` of the static table followed by the dynamic one; false if none.
    bool lookup(std::size_t index, std::string_view& name, std::string_view& value) const;
    // Adds a field to the decoded list within list_limit_.
    bool take_field(std::size_t name_size, std::size_t value_size);
    void insert(const HpackHeader& header);
    void evict_to(std::size_t size);

    std::size_t table_limit_;
    std::size_t list_limit_;
    std::size_t capacity_;
    std::size_t table_size_ = 0;
    std::size_t list_bytes_ = 0;     // of the block being decoded
    std::deque<HpackHeader> table_;  // the dynamic table, newest first
    bool failed_ = false;
    std::string error_;
};

}  // namespace lapce_ai::providers
