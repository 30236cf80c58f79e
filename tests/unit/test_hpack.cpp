// HPACK (RFC 7541) for the engine's own HTTP/2 client: the decoder against the examples of RFC
// 7541 Appendix C (one decoder across each series, its dynamic table checked after each block),
// typed refusals of every malformed or oversized block, and the encoder's blocks, which use
// neither the dynamic table nor Huffman coding, decoding back to what was encoded.
#include <QByteArray>
#include <QTest>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hpack_decoder.h"
#include "hpack_encoder.h"
#include "hpack_huffman.h"

using namespace lapce_ai::providers;

namespace {

// Bytes from a hex dump as RFC 7541 prints them (spaces and line breaks are skipped).
std::string bytes(const char* dump) {
    return QByteArray::fromHex(dump).toStdString();
}

// A header list as "name: value" lines, to compare readably.
std::string text(const std::vector<HpackHeader>& headers) {
    std::string lines;
    for (const HpackHeader& header : headers) lines += header.name + ": " + header.value + "\n";
    return lines;
}

struct Step {
    const char* block;
    const char* headers;
    std::size_t table_size;
};

// Decodes the blocks in turn with one decoder, as one connection would.
void check_series(std::size_t table_limit, const std::vector<Step>& steps) {
    HpackDecoder decoder(table_limit);
    std::vector<HpackHeader> headers;
    for (const Step& step : steps) {
        QVERIFY2(decoder.decode(bytes(step.block), headers), decoder.error().c_str());
        QCOMPARE(text(headers), std::string(step.headers));
        QCOMPARE(decoder.table_size(), step.table_size);
    }
}

// The error of decoding `block` with a new decoder (empty if it decodes).
std::string decode_error(std::string_view block, std::size_t table_limit = 4096,
                         std::size_t list_limit = 64 * 1024) {
    HpackDecoder decoder(table_limit, list_limit);
    std::vector<HpackHeader> headers;
    if (decoder.decode(block, headers)) return {};
    return decoder.error();
}

// RFC 7541 C.3 and C.4 decode to these lists.
constexpr const char* kRequest1 =
    ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n";
constexpr const char* kRequest2 =
    ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n"
    "cache-control: no-cache\n";
constexpr const char* kRequest3 =
    ":method: GET\n:scheme: https\n:path: /index.html\n:authority: www.example.com\n"
    "custom-key: custom-value\n";
// RFC 7541 C.5 and C.6.
constexpr const char* kResponse1 =
    ":status: 302\ncache-control: private\ndate: Mon, 21 Oct 2013 20:13:21 GMT\n"
    "location: https://www.example.com\n";
constexpr const char* kResponse2 =
    ":status: 307\ncache-control: private\ndate: Mon, 21 Oct 2013 20:13:21 GMT\n"
    "location: https://www.example.com\n";
constexpr const char* kResponse3 =
    ":status: 200\ncache-control: private\ndate: Mon, 21 Oct 2013 20:13:22 GMT\n"
    "location: https://www.example.com\ncontent-encoding: gzip\n"
    "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1\n";

}  // namespace

class TestHpack : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void the_representation_examples_of_rfc_7541_c2_decode() {
        // C.2.1: a literal name and value, added to the dynamic table.
        check_series(4096, {{"400a 6375 7374 6f6d 2d6b 6579 0d63 7573"
                             "746f 6d2d 6865 6164 6572",
                             "custom-key: custom-header\n", 55}});
        // C.2.2: an indexed name, not added.
        check_series(4096, {{"040c 2f73 616d 706c 652f 7061 7468", ":path: /sample/path\n", 0}});
        // C.2.3: never indexed.
        check_series(4096,
                     {{"1008 7061 7373 776f 7264 0673 6563 7265 74", "password: secret\n", 0}});
        // C.2.4: an indexed field.
        check_series(4096, {{"82", ":method: GET\n", 0}});
    }

    void the_requests_of_rfc_7541_c3_decode_with_one_dynamic_table() {
        check_series(4096, {
                               {"8286 8441 0f77 7777 2e65 7861 6d70 6c65"
                                "2e63 6f6d",
                                kRequest1, 57},
                               {"8286 84be 5808 6e6f 2d63 6163 6865", kRequest2, 110},
                               {"8287 85bf 400a 6375 7374 6f6d 2d6b 6579"
                                "0c63 7573 746f 6d2d 7661 6c75 65",
                                kRequest3, 164},
                           });
    }

    void the_huffman_coded_requests_of_rfc_7541_c4_decode() {
        check_series(4096, {
                               {"8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4"
                                "ff",
                                kRequest1, 57},
                               {"8286 84be 5886 a8eb 1064 9cbf", kRequest2, 110},
                               {"8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925"
                                "a849 e95b b8e8 b4bf",
                                kRequest3, 164},
                           });
    }

    void the_responses_of_rfc_7541_c5_evict_from_a_256_byte_table() {
        check_series(256, {
                              {"4803 3330 3258 0770 7269 7661 7465 611d"
                               "4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
                               "2032 303a 3133 3a32 3120 474d 546e 1768"
                               "7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
                               "6c65 2e63 6f6d",
                               kResponse1, 222},
                              {"4803 3330 37c1 c0bf", kResponse2, 222},
                              {"88c1 611d 4d6f 6e2c 2032 3120 4f63 7420"
                               "3230 3133 2032 303a 3133 3a32 3220 474d"
                               "54c0 5a04 677a 6970 7738 666f 6f3d 4153"
                               "444a 4b48 514b 425a 584f 5157 454f 5049"
                               "5541 5851 5745 4f49 553b 206d 6178 2d61"
                               "6765 3d33 3630 303b 2076 6572 7369 6f6e"
                               "3d31",
                               kResponse3, 215},
                          });
    }

    void the_huffman_coded_responses_of_rfc_7541_c6_evict_alike() {
        check_series(256, {
                              {"4882 6402 5885 aec3 771a 4b61 96d0 7abe"
                               "9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
                               "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8"
                               "e9ae 82ae 43d3",
                               kResponse1, 222},
                              {"4883 640e ffc1 c0bf", kResponse2, 222},
                              {"88c1 6196 d07a be94 1054 d444 a820 0595"
                               "040b 8166 e084 a62d 1bff c05a 839b d9ab"
                               "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b"
                               "3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
                               "9587 3160 65c0 03ed 4ee5 b106 3d50 07",
                               kResponse3, 215},
                          });
    }

    void huffman_strings_end_in_at_most_seven_one_bits_of_padding() {
        // 'a' is 00011: one byte holds it with three 1-bits of padding.
        QCOMPARE(hpack_huffman_decode(bytes("1f")).value_or("(refused)"), std::string("a"));
        QCOMPARE(hpack_huffman_decode(bytes("f1e3 c2e5 f23a 6ba0 ab90 f4ff")).value_or("(refused)"),
                 std::string("www.example.com"));
        QCOMPARE(hpack_huffman_decode("").value_or("(refused)"), std::string());
        // A 0-bit in the padding.
        QVERIFY(!hpack_huffman_decode(bytes("1e")));
        QVERIFY(!hpack_huffman_decode(bytes("f1e3 c2e5 f23a 6ba0 ab90 f4fe")));
        // Eleven bits of padding, and a whole byte of it.
        QVERIFY(!hpack_huffman_decode(bytes("1fff")));
        QVERIFY(!hpack_huffman_decode(bytes("ff")));
        // The EOS symbol (thirty 1-bits), alone or after 'a'.
        QVERIFY(!hpack_huffman_decode(bytes("ffff ffff")));
        QVERIFY(!hpack_huffman_decode(bytes("1fff ffff ff")));
        // In a header block the string is refused.
        QCOMPARE(decode_error(bytes("0085 ffff ffff ff00")), std::string("invalid Huffman string"));
    }

    void an_index_of_zero_or_past_the_tables_is_refused() {
        QCOMPARE(decode_error(bytes("80")), std::string("HPACK index out of range"));
        QCOMPARE(decode_error(bytes("be")), std::string("HPACK index out of range"));  // 62
        QCOMPARE(decode_error(bytes("0f30 0161")), std::string("HPACK index out of range"));
        // Index 62 is the newest dynamic entry once there is one, and 63 is still past it.
        HpackDecoder decoder;
        std::vector<HpackHeader> headers;
        QVERIFY(decoder.decode(bytes("4001 6101 62be"), headers));
        QCOMPARE(text(headers), std::string("a: b\na: b\n"));
        QVERIFY(!decoder.decode(bytes("bf"), headers));
        QCOMPARE(decoder.error(), std::string("HPACK index out of range"));
    }

    void integers_past_two_to_the_28th_are_refused() {
        QCOMPARE(decode_error(bytes("ffff ffff ff0f")), std::string("HPACK integer overflow"));
        // A small value padded out with zero continuation bits.
        QCOMPARE(decode_error(bytes("ff80 8080 8080 00")), std::string("HPACK integer overflow"));
        // A string length the block cannot hold.
        QCOMPARE(decode_error(bytes("007f ffff ff7f")), std::string("HPACK integer overflow"));
        QCOMPARE(decode_error(bytes("007f ffff ff00")), std::string("truncated header block"));
    }

    void a_table_size_update_is_bounded_and_comes_first() {
        // 4097 is over the 4096 we advertise; 4096 itself is fine.
        QCOMPARE(decode_error(bytes("3fe2 1f")),
                 std::string("dynamic table size update over the limit"));
        QCOMPARE(decode_error(bytes("3fe1 1f82")), std::string());
        QCOMPARE(decode_error(bytes("8220")),
                 std::string("dynamic table size update after a header field"));
        // Two updates at the start of a block; shrinking evicts.
        HpackDecoder decoder;
        std::vector<HpackHeader> headers;
        QVERIFY(
            decoder.decode(bytes("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"), headers));
        QCOMPARE(decoder.table_size(), std::size_t(57));
        QVERIFY(decoder.decode(bytes("203f e11f 82"), headers));
        QCOMPARE(decoder.table_size(), std::size_t(0));
        QCOMPARE(decoder.table_capacity(), std::size_t(4096));
        QVERIFY(!decoder.decode(bytes("be"), headers));
    }

    void an_entry_larger_than_the_table_empties_it() {
        HpackDecoder decoder(64);
        std::vector<HpackHeader> headers;
        QVERIFY(decoder.decode(bytes("4001 6101 62"), headers));
        QCOMPARE(decoder.table_size(), std::size_t(34));
        // 1 + 32 + 32 bytes: one more than the table holds.
        QVERIFY(decoder.decode(bytes("4001 6120 3031 3233 3435 3637 3839 3031 3233 3435 3637 "
                                     "3839 3031 3233 3435 3637 3839 3031"),
                               headers));
        QCOMPARE(headers.size(), std::size_t(1));
        QCOMPARE(headers[0].value.size(), std::size_t(32));
        QCOMPARE(decoder.table_size(), std::size_t(0));
        QVERIFY(!decoder.decode(bytes("be"), headers));
    }

    void a_block_decoding_past_the_list_limit_is_refused() {
        // :method: GET counts 7 + 3 + 32 = 42 bytes.
        QCOMPARE(decode_error(bytes("8282"), 4096, 84), std::string());
        QCOMPARE(decode_error(bytes("8282 82"), 4096, 84), std::string("header list too large"));
        // A literal counts too.
        QCOMPARE(decode_error(bytes("0001 6101 62"), 4096, 34), std::string());
        QCOMPARE(decode_error(bytes("0001 6101 62"), 4096, 33),
                 std::string("header list too large"));
    }

    void a_truncated_block_is_refused() {
        QCOMPARE(decode_error(bytes("40")), std::string("truncated header block"));
        QCOMPARE(decode_error(bytes("ff")), std::string("truncated header block"));
        QCOMPARE(decode_error(bytes("410f 7777 77")), std::string("truncated header block"));
        QCOMPARE(decode_error(bytes("4003 6162 63")), std::string("truncated header block"));
        QCOMPARE(decode_error(std::string_view()), std::string());  // an empty block is a block
    }

    void after_an_error_every_block_is_refused() {
        HpackDecoder decoder;
        std::vector<HpackHeader> headers;
        QVERIFY(!decoder.decode(bytes("8280"), headers));
        QVERIFY(headers.empty());
        const std::string error = decoder.error();
        QVERIFY(!decoder.decode(bytes("82"), headers));
        QVERIFY(headers.empty());
        QCOMPARE(decoder.error(), error);
    }

    void encoded_blocks_use_the_static_table_and_decode_back() {
        const std::string long_value(200, 'v');
        const std::vector<HpackHeader> request = {
            {":method", "POST"},
            {":scheme", "https"},
            {":path", "/v1/messages"},
            {":authority", "api.example.com"},
            {"content-type", "application/json"},
            {"x-api-key", "secret"},
            {"user-agent", long_value},
            {"accept-encoding", "gzip, deflate"},
        };
        std::string block = "kept";
        hpack_encode(request, block);
        QCOMPARE(block.substr(0, 4), std::string("kept"));
        block.erase(0, 4);
        const std::string expected =
            bytes(
                "83 87"                                            // whole fields by index
                "040c 2f76 312f 6d65 7373 6167 6573"               // :path by index 4
                "010f 6170 692e 6578 616d 706c 652e 636f 6d"       // :authority by index 1
                "0f10 10 6170 706c 6963 6174 696f 6e2f 6a73 6f6e"  // content-type, 31
                "10 0978 2d61 7069 2d6b 6579 0673 6563 7265 74"    // a new name, never indexed
                "0f2b 7f49") +                                     // user-agent (58), 200 bytes
            long_value +
            bytes("90");  // accept-encoding, index 16
        QCOMPARE(QByteArray::fromStdString(block).toHex(' '),
                 QByteArray::fromStdString(expected).toHex(' '));

        HpackDecoder decoder;
        std::vector<HpackHeader> headers;
        QVERIFY2(decoder.decode(block, headers), decoder.error().c_str());
        QCOMPARE(text(headers), text(request));
        QCOMPARE(decoder.table_size(), std::size_t(0));

        std::string get;
        hpack_encode({{":method", "GET"}, {":path", "/"}, {":scheme", "http"}}, get);
        QCOMPARE(get, bytes("8284 86"));
    }

    void credentials_are_never_indexed() {
        std::string block;
        hpack_encode({{"authorization", "Bearer k"}, {"cookie", "c"}, {"accept", "a"}}, block);
        // authorization (23) and cookie (32) by index, "never indexed"; accept (19) "without".
        QCOMPARE(QByteArray::fromStdString(block).toHex(' '),
                 QByteArray::fromStdString(bytes("1f08 08 4265 6172 6572 206b"
                                                 "1f11 01 63"
                                                 "0f04 01 61"))
                     .toHex(' '));
        HpackDecoder decoder;
        std::vector<HpackHeader> headers;
        QVERIFY(decoder.decode(block, headers));
        QCOMPARE(headers.size(), std::size_t(3));
        QCOMPARE(headers[0].value, std::string("Bearer k"));
    }
};

QTEST_GUILESS_MAIN(TestHpack)
#include "test_hpack.moc"
