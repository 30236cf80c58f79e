// libFuzzer harness for HpackDecoder (the header blocks an HTTP/2 server sends), hpack_encode and
// hpack_huffman_decode.
//
// Input: [0] bits 0-1 pick the table limit (SETTINGS_HEADER_TABLE_SIZE) from kTableLimits, bit 2
// a small list limit; then header blocks, each a length byte and that many bytes (fewer at the
// end), decoded in turn by one decoder, as one connection's blocks are. The dynamic table never
// outgrows the size the server chose, nor that the limit; a decoded list stays within the list
// limit and encodes to a block a decoder without a dynamic table reads back the same; once a block
// fails, every later one does, with the same error and nothing decoded.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "hpack_decoder.h"
#include "hpack_encoder.h"
#include "hpack_huffman.h"

namespace {

using namespace lapce_ai::providers;

constexpr std::size_t kTableLimits[4] = {4096, 256, 64, 0};
constexpr std::size_t kSmallListLimit = 256;
constexpr std::size_t kListLimit = 64 * 1024;

std::size_t list_bytes(const std::vector<HpackHeader>& headers) {
    std::size_t bytes = 0;
    for (const HpackHeader& header : headers)
        bytes += header.name.size() + header.value.size() + 32;
    return bytes;
}

void check_round_trip(const std::vector<HpackHeader>& headers, std::size_t list_limit) {
    std::string block;
    hpack_encode(headers, block);
    HpackDecoder decoder(0, list_limit);
    std::vector<HpackHeader> again;
    FUZZ_CHECK(decoder.decode(block, again));
    FUZZ_CHECK(again == headers);
    FUZZ_CHECK(decoder.table_size() == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t table_limit = kTableLimits[data[0] & 3];
    const std::size_t list_limit = (data[0] & 4) != 0 ? kSmallListLimit : kListLimit;
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

    HpackDecoder decoder(table_limit, list_limit);
    FUZZ_CHECK(decoder.table_capacity() == table_limit);
    std::vector<HpackHeader> headers;
    std::optional<std::string> failure;  // the error of the first block that failed
    while (!rest.empty()) {
        const std::size_t length =
            std::min<std::size_t>(static_cast<unsigned char>(rest.front()), rest.size() - 1);
        const std::string_view block = rest.substr(1, length);
        rest.remove_prefix(1 + length);

        const std::optional<std::string> text = hpack_huffman_decode(block);
        if (text) FUZZ_CHECK(text->size() <= block.size() * 8 / 5);

        const bool decoded = decoder.decode(block, headers);
        FUZZ_CHECK(decoder.table_size() <= decoder.table_capacity());
        FUZZ_CHECK(decoder.table_capacity() <= table_limit);
        if (failure) {
            FUZZ_CHECK(!decoded);
            FUZZ_CHECK(decoder.error() == *failure);
        }
        if (!decoded) {
            FUZZ_CHECK(headers.empty());
            FUZZ_CHECK(!decoder.error().empty());
            failure = decoder.error();
            continue;
        }
        FUZZ_CHECK(list_bytes(headers) <= list_limit);
        check_round_trip(headers, list_limit);
    }
    return 0;
}
