// Ollama's newline-delimited JSON reader (ollama-js parseJSON), whatever the slices the body
// arrives in.

#include <QTest>

#include <optional>
#include <string>
#include <vector>

#include "ndjson_decoder.h"
#include "stream_slicing.h"

using namespace lapce_ai::providers;
using lapce_ai::test::feed_in_slices;
using lapce_ai::test::slicings;

namespace {

struct Decoded {
    std::vector<std::string> lines;
    bool too_long = false;
    bool operator==(const Decoded&) const = default;
};

Decoded decode(std::string_view body, std::size_t limit = kDefaultStreamDecodeLimit) {
    std::optional<Decoded> first;
    for (const auto& cuts : slicings(body.size())) {
        NdjsonDecoder decoder(limit);
        Decoded decoded;
        const auto on_line = [&](std::string_view line) { decoded.lines.emplace_back(line); };
        feed_in_slices(body, cuts, [&](std::string_view slice) {
            if (!decoded.too_long && !decoder.feed(slice, on_line)) decoded.too_long = true;
        });
        if (!decoded.too_long && !decoder.finish(on_line)) decoded.too_long = true;
        if (!first) {
            first = decoded;
        } else if (!(decoded == *first)) {
            qWarning("slicing changed the lines of %s", std::string(body).c_str());
            return Decoded{{"<slicing differs>"}, false};
        }
    }
    return *first;
}

}  // namespace

class TestNdjsonDecoder : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void each_line_is_yielded_including_empty_ones();
    void the_unterminated_last_line_is_yielded_unless_empty();
    void a_leading_byte_order_mark_is_dropped();
    void a_line_past_the_limit_is_an_error();
};

void TestNdjsonDecoder::each_line_is_yielded_including_empty_ones() {
    QCOMPARE(decode("{\"a\":1}\n\n{\"b\":2}\r\n"),
             (Decoded{{"{\"a\":1}", "", "{\"b\":2}\r"}, false}));
}

void TestNdjsonDecoder::the_unterminated_last_line_is_yielded_unless_empty() {
    QCOMPARE(decode("{\"a\":1}\n{\"done\":true}"),
             (Decoded{{"{\"a\":1}", "{\"done\":true}"}, false}));
    QCOMPARE(decode("{\"a\":1}\n"), (Decoded{{"{\"a\":1}"}, false}));
    QCOMPARE(decode(""), (Decoded{{}, false}));
}

void TestNdjsonDecoder::a_leading_byte_order_mark_is_dropped() {
    QCOMPARE(decode("\xEF\xBB\xBF{}\n\xEF\xBB\xBF{}"), (Decoded{{"{}", "\xEF\xBB\xBF{}"}, false}));
    QCOMPARE(decode("\xEF\xBB"), (Decoded{{"\xEF\xBB"}, false}));
}

void TestNdjsonDecoder::a_line_past_the_limit_is_an_error() {
    QCOMPARE(decode("{\"a\":1}\n{\"abc\":123}\n", 8), (Decoded{{"{\"a\":1}"}, true}));
    QCOMPARE(decode("{\"a\":1}\n{\"abc\":123}", 8), (Decoded{{"{\"a\":1}"}, true}));
    QCOMPARE(decode("12345678\n", 8), (Decoded{{"12345678"}, false}));
    // The bytes of what might have been a byte order mark count against the limit too.
    QCOMPARE(decode("\xEF\xBB", 1), (Decoded{{}, true}));
    QCOMPARE(decode("\xEF\xBBx\n", 2), (Decoded{{}, true}));
}

QTEST_GUILESS_MAIN(TestNdjsonDecoder)
#include "test_ndjson_decoder.moc"
