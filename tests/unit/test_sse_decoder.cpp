// Server-sent events as the standard and as the SDKs of the reference read them, whatever the
// slices the body arrives in.

#include <QTest>

#include <optional>
#include <string>
#include <vector>

#include "genai_sse_reader.h"
#include "line_splitter.h"
#include "sse_decoder.h"
#include "stream_slicing.h"

using namespace lapce_ai::providers;
using lapce_ai::test::feed_in_slices;
using lapce_ai::test::slicings;

namespace {

struct Event {
    std::optional<std::string> event;
    std::string data;
    std::string last_event_id;
    bool operator==(const Event&) const = default;
};

struct Decoded {
    std::vector<Event> events;
    std::optional<StreamDecodeError::Kind> error;
    bool operator==(const Decoded&) const = default;
};

Decoded decode_sliced(SseDecoder::Dialect dialect, std::string_view body,
                      const std::vector<std::size_t>& cuts, std::size_t limit) {
    SseDecoder decoder(dialect, limit);
    Decoded decoded;
    const auto on_event = [&](const SseEvent& event) {
        decoded.events.push_back(
            {event.event ? std::optional<std::string>(*event.event) : std::nullopt,
             std::string(event.data), std::string(event.last_event_id)});
    };
    feed_in_slices(body, cuts, [&](std::string_view slice) {
        if (decoded.error) return;
        auto fed = decoder.feed(slice, on_event);
        if (!fed) decoded.error = fed.error().kind;
    });
    if (!decoded.error) {
        auto finished = decoder.finish(on_event);
        if (!finished) decoded.error = finished.error().kind;
    }
    return decoded;
}

// Decodes the body cut every way; all of them must agree.
Decoded decode(SseDecoder::Dialect dialect, std::string_view body,
               std::size_t limit = kDefaultStreamDecodeLimit) {
    const Decoded whole = decode_sliced(dialect, body, {body.size()}, limit);
    for (const auto& cuts : slicings(body.size())) {
        if (!(decode_sliced(dialect, body, cuts, limit) == whole)) {
            qWarning("slicing changed the events of %s", std::string(body).c_str());
            return Decoded{{}, StreamDecodeError::Kind::LineTooLong};
        }
    }
    return whole;
}

std::vector<Event> events(SseDecoder::Dialect dialect, std::string_view body) {
    return decode(dialect, body).events;
}

Event message(std::string data, std::string id = {}) {
    return {std::string("message"), std::move(data), std::move(id)};
}

Event named(std::optional<std::string> name, std::string data) {
    return {std::move(name), std::move(data), {}};
}

struct GenaiRun {
    std::vector<std::string> payloads;
    bool ends_cleanly = false;
    bool too_long = false;
    bool operator==(const GenaiRun&) const = default;
};

GenaiRun genai(std::string_view body, std::size_t limit = kDefaultStreamDecodeLimit) {
    std::optional<GenaiRun> first;
    for (const auto& cuts : slicings(body.size())) {
        GenaiSseReader reader(limit);
        GenaiRun run;
        feed_in_slices(body, cuts, [&](std::string_view slice) {
            if (run.too_long) return;
            auto fed = reader.feed(
                slice, [&](std::string_view payload) { run.payloads.emplace_back(payload); });
            if (!fed) run.too_long = true;
        });
        if (!run.too_long) run.ends_cleanly = reader.finish();
        if (!first) {
            first = run;
        } else if (!(run == *first)) {
            qWarning("slicing changed the payloads of %s", std::string(body).c_str());
            return GenaiRun{{"<slicing differs>"}, false, false};
        }
    }
    return *first;
}

std::vector<std::string> split_lines(std::string_view body) {
    std::vector<std::string> first;
    bool have_first = false;
    for (const auto& cuts : slicings(body.size())) {
        LineSplitter splitter;
        std::vector<std::string> lines;
        feed_in_slices(body, cuts, [&](std::string_view slice) {
            (void)splitter.feed(slice, [&](std::string_view line) { lines.emplace_back(line); });
        });
        if (!have_first) {
            first = lines;
            have_first = true;
        } else if (lines != first) {
            return {"<slicing differs>"};
        }
    }
    return first;
}

constexpr auto kWhatwg = SseDecoder::Dialect::Whatwg;
constexpr auto kOpenAi = SseDecoder::Dialect::OpenAiSdk;
constexpr auto kAnthropic = SseDecoder::Dialect::AnthropicSdk;

}  // namespace

class TestSseDecoder : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void data_lines_join_with_line_feeds();
    void every_line_ending_works_even_split_between_slices();
    void a_leading_byte_order_mark_is_dropped();
    void comments_fields_without_colon_and_one_space();
    void id_persists_and_retry_takes_digits_only();
    void an_event_without_data_is_dispatched_only_by_the_sdks();
    void a_pending_event_is_never_dispatched_at_the_end();
    void openai_drops_a_bom_on_every_line_and_anthropic_keeps_it();
    void the_sdks_keep_an_empty_event_name_for_the_next_event();
    void the_sdks_read_an_unterminated_last_line();
    void a_line_or_an_event_past_the_limit_is_an_error();
    void genai_yields_payloads_matched_at_the_start();
    void genai_stops_matching_at_what_its_pattern_cannot_read();
    void genai_bounds_a_payload();
    void line_splitter_splits_on_line_feeds_and_drops_the_rest();
};

void TestSseDecoder::data_lines_join_with_line_feeds() {
    QCOMPARE(events(kWhatwg, "data: a\ndata: b\n\ndata: {\"x\":1}\n\n"),
             (std::vector<Event>{message("a\nb"), message("{\"x\":1}")}));
    QCOMPARE(events(kOpenAi, "data: a\ndata: b\n\n"),
             (std::vector<Event>{named(std::nullopt, "a\nb")}));
    QCOMPARE(events(kAnthropic, "event: message_start\ndata: {}\n\n"),
             (std::vector<Event>{named("message_start", "{}")}));
}

void TestSseDecoder::every_line_ending_works_even_split_between_slices() {
    const char* body = "event: x\r\ndata: 1\r\n\r\ndata: 2\r\rdata: 3\n\ndata: 4\r\n\n";
    QCOMPARE(events(kWhatwg, body),
             (std::vector<Event>{
                 {std::string("x"), "1", ""}, message("2"), message("3"), message("4")}));
    QCOMPARE(events(kOpenAi, body),
             (std::vector<Event>{named("x", "1"), named(std::nullopt, "2"),
                                 named(std::nullopt, "3"), named(std::nullopt, "4")}));
}

void TestSseDecoder::a_leading_byte_order_mark_is_dropped() {
    QCOMPARE(events(kWhatwg,
                    "\xEF\xBB\xBF"
                    "data: a\n\n"),
             (std::vector<Event>{message("a")}));
    // Only one, and only at the start.
    QCOMPARE(events(kWhatwg,
                    "\xEF\xBB\xBF\xEF\xBB\xBF"
                    "data: a\n\ndata: b\n\n"),
             (std::vector<Event>{message("b")}));
    // Bytes that only began like a BOM are content.
    QCOMPARE(events(kWhatwg,
                    "\xEF\xBB"
                    "data: a\n\n\xEF"),
             (std::vector<Event>{}));
}

void TestSseDecoder::comments_fields_without_colon_and_one_space() {
    const char* body = ": keep-alive\ndata\ndata:  two\ndata:three\nunknown: x\n\n";
    QCOMPARE(events(kWhatwg, body), (std::vector<Event>{message("\n two\nthree")}));
    QCOMPARE(events(kOpenAi, body), (std::vector<Event>{named(std::nullopt, "\n two\nthree")}));
    // A comment alone dispatches nothing.
    QCOMPARE(events(kOpenAi, ": ping\n\n"), (std::vector<Event>{}));
}

void TestSseDecoder::id_persists_and_retry_takes_digits_only() {
    SseDecoder decoder;
    std::vector<std::string> ids;
    const auto on_event = [&](const SseEvent& event) { ids.emplace_back(event.last_event_id); };
    using namespace std::literals;
    QVERIFY(decoder.feed(
        "id: 7\nretry: 1500\ndata: a\n\ndata: b\n\nid: 8\0x\nretry: 2s\ndata: c\n\n"sv, on_event));
    QCOMPARE(ids, (std::vector<std::string>{"7", "7", "7"}));
    QCOMPARE(decoder.retry_milliseconds(), std::optional<std::uint64_t>(1500));
    // The SDKs read neither.
    QCOMPARE(events(kOpenAi, "id: 7\ndata: a\n\n"), (std::vector<Event>{named(std::nullopt, "a")}));
}

void TestSseDecoder::an_event_without_data_is_dispatched_only_by_the_sdks() {
    QCOMPARE(events(kWhatwg, "event: ping\n\n"), (std::vector<Event>{}));
    QCOMPARE(events(kAnthropic, "event: ping\n\n"), (std::vector<Event>{named("ping", "")}));
    QCOMPARE(events(kWhatwg, "data:\n\n"), (std::vector<Event>{message("")}));
    QCOMPARE(events(kOpenAi, "data:\n\n"), (std::vector<Event>{named(std::nullopt, "")}));
}

void TestSseDecoder::a_pending_event_is_never_dispatched_at_the_end() {
    for (auto dialect : {kWhatwg, kOpenAi, kAnthropic}) {
        QCOMPARE(
            events(dialect, "data: a\n\ndata: b\n"),
            (std::vector<Event>{dialect == kWhatwg ? message("a") : named(std::nullopt, "a")}));
        QCOMPARE(events(dialect, "data: b"), (std::vector<Event>{}));
    }
}

void TestSseDecoder::openai_drops_a_bom_on_every_line_and_anthropic_keeps_it() {
    const char* body =
        "\xEF\xBB\xBF"
        "data: a\n\xEF\xBB\xBF\ndata: b\n\n";
    QCOMPARE(events(kOpenAi, body),
             (std::vector<Event>{named(std::nullopt, "a"), named(std::nullopt, "b")}));
    QCOMPARE(events(kAnthropic, body), (std::vector<Event>{named(std::nullopt, "b")}));
}

void TestSseDecoder::the_sdks_keep_an_empty_event_name_for_the_next_event() {
    QCOMPARE(events(kOpenAi, "event:\n\ndata: x\n\n"), (std::vector<Event>{named("", "x")}));
    QCOMPARE(events(kWhatwg, "event:\n\ndata: x\n\n"), (std::vector<Event>{message("x")}));
}

void TestSseDecoder::the_sdks_read_an_unterminated_last_line() {
    // LineDecoder.flush() reads "\xEF\xBB\xBF", which TextDecoder turns into a blank line.
    QCOMPARE(events(kOpenAi, "data: a\n\xEF\xBB\xBF"),
             (std::vector<Event>{named(std::nullopt, "a")}));
    QCOMPARE(events(kAnthropic, "data: a\n\xEF\xBB\xBF"), (std::vector<Event>{}));
}

void TestSseDecoder::a_line_or_an_event_past_the_limit_is_an_error() {
    QCOMPARE(decode(kWhatwg, "data: 0123456789\n\n", 12).error,
             std::optional(StreamDecodeError::Kind::LineTooLong));
    QCOMPARE(decode(kWhatwg, "data: 0123456789", 12).error,
             std::optional(StreamDecodeError::Kind::LineTooLong));
    QCOMPARE(decode(kOpenAi, "data: 012345\ndata: 012345\n\n", 12).error,
             std::optional(StreamDecodeError::Kind::EventTooLong));
    const Decoded fits = decode(kOpenAi, "data: 01234\ndata: 012345\n\n", 12);
    QCOMPARE(fits.error, std::optional<StreamDecodeError::Kind>());
    QCOMPARE(fits.events, (std::vector<Event>{named(std::nullopt, "01234\n012345")}));
    // After an error the decoder takes no more input.
    SseDecoder decoder(kWhatwg, 4);
    int dispatched = 0;
    QVERIFY(!decoder.feed("data: 12345\n\n", [&](const SseEvent&) { ++dispatched; }));
    QVERIFY(!decoder.feed("data: 1\n\n", [&](const SseEvent&) { ++dispatched; }));
    QCOMPARE(dispatched, 0);
    QCOMPARE(StreamDecodeError({StreamDecodeError::Kind::LineTooLong, 4}).message(),
             std::string("stream line longer than 4 bytes"));
}

void TestSseDecoder::genai_yields_payloads_matched_at_the_start() {
    QCOMPARE(genai("data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\ndata: 3\r\r"),
             (GenaiRun{{"{\"a\":1}", "{\"b\":2}", "3"}, true, false}));
    QCOMPARE(genai("\xEF\xBB\xBF"
                   "data: x\n\n"),
             (GenaiRun{{"x"}, true, false}));
    // One newline too many: the pattern never matches again, but whitespace ends cleanly.
    QCOMPARE(genai("data: a\n\n\n \xC2\xA0\xE2\x80\xA8"), (GenaiRun{{"a"}, true, false}));
    QCOMPARE(genai(""), (GenaiRun{{}, true, false}));
}

void TestSseDecoder::genai_stops_matching_at_what_its_pattern_cannot_read() {
    QCOMPARE(genai("data: a\n\n\ndata: b\n\n"), (GenaiRun{{"a"}, false, false}));
    QCOMPARE(genai(": comment\n\ndata: a\n\n"), (GenaiRun{{}, false, false}));
    QCOMPARE(genai("event: x\ndata: a\n\n"), (GenaiRun{{}, false, false}));
    QCOMPARE(genai("data: a\ndata: b\n\n"), (GenaiRun{{}, false, false}));
    QCOMPARE(genai("data: a\xE2\x80\xA8z\n\ndata: b\n\n"), (GenaiRun{{}, false, false}));
    QCOMPARE(genai("data:a\n\n"), (GenaiRun{{}, false, false}));
    // An unfinished last event, or an incomplete character after the stop.
    QCOMPARE(genai("data: a\n\ndata: b\n"), (GenaiRun{{"a"}, false, false}));
    QCOMPARE(genai("data: a\n\n\n\xE2\x80"), (GenaiRun{{"a"}, false, false}));
}

void TestSseDecoder::genai_bounds_a_payload() {
    QCOMPARE(genai("data: 0123\n\ndata: 012345678", 8), (GenaiRun{{"0123"}, false, true}));
    QCOMPARE(genai("data: 0123\n\ndata: 012345678\n\n", 8), (GenaiRun{{"0123"}, false, true}));
    QCOMPARE(genai("data: 0123\n\n", 4), (GenaiRun{{"0123"}, true, false}));
}

void TestSseDecoder::line_splitter_splits_on_line_feeds_and_drops_the_rest() {
    QCOMPARE(split_lines("\xEF\xBB\xBF"
                         "data: a\r\n\ndata: [DONE]\nrest"),
             (std::vector<std::string>{"data: a\r", "", "data: [DONE]"}));
    LineSplitter splitter(4);
    QVERIFY(!splitter.feed("12345\n", [](std::string_view) {}));
}

QTEST_GUILESS_MAIN(TestSseDecoder)
#include "test_sse_decoder.moc"
