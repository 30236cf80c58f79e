// The Speakeasy SDK's event reading (@mistralai/mistralai lib/event-streams.ts), including its
// discardSentinel quirks, and the zod decoding of Mistral's stream events.
#include <QTest>

#include "mistral_client.h"
#include "provider_error.h"
#include "speakeasy_event_stream.h"

using lapce_ai::json::OrderedJson;
using namespace lapce_ai::providers;

namespace {

// The data of the events read from `reads` (one string per network read).
std::vector<std::string> read_events(std::initializer_list<std::string_view> reads) {
    SpeakeasySentinelFilter filter("[DONE]");
    SpeakeasyEventSplitter splitter;
    std::vector<SpeakeasyEvent> events;
    for (std::string_view read : reads)
        for (const std::string& chunk : filter.push(read)) splitter.feed(chunk, events);
    splitter.finish(events);
    std::vector<std::string> data;
    for (const SpeakeasyEvent& event : events) data.push_back(event.data.value_or("<none>"));
    return data;
}

using Strings = std::vector<std::string>;

}  // namespace

class TestSpeakeasyEventStream : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void events_are_parsed_like_the_sdk() {
        const auto event = parse_speakeasy_event("event: e\r\ndata: a\ndata:b\r: note\nid: 7");
        QVERIFY(event.has_value());
        QCOMPARE(event->event.value_or(""), std::string("e"));
        QCOMPARE(event->data.value_or(""), std::string("a\nb"));
        QCOMPARE(event->id.value_or(""), std::string("7"));
        QVERIFY(!parse_speakeasy_event(": only a comment").has_value());
        QVERIFY(!parse_speakeasy_event("retry: soon").has_value());
        QCOMPARE(parse_speakeasy_event("retry: 15")->retry.value_or(0), 15.0);
    }
    void separate_reads_stop_at_the_sentinel() {
        QCOMPARE(read_events({"data: 1\n\n", "data: 2\r\n\r\n", "data: [DONE]\n\n", "data: 3\n\n"}),
                 (Strings{"1", "2"}));
    }
    void one_read_lets_the_sentinel_through() {
        // After a cut, discardSentinel's scan resumes past the next boundary and merges two
        // events, so "[DONE]" is not recognised and reaches the decoder.
        QCOMPARE(read_events({"data: 1\n\ndata: 2\n\ndata: [DONE]\n\n"}),
                 (Strings{"1", "2", "[DONE]"}));
    }
    void bytes_without_a_boundary_at_the_end_are_dropped() {
        QCOMPARE(read_events({"data: 1\n\n", "data: 2"}), (Strings{"1"}));
    }

    void decoding_reports_zod_issues() {
        SpeakeasyEvent missing;
        try {
            decode_completion_event(missing);
            QFAIL("no error");
        } catch (const ProviderError& error) {
            QCOMPARE(error.name(), std::string("ZodError"));
            QCOMPARE(error.message(),
                     std::string("[\n  {\n    \"code\": \"invalid_type\",\n    \"expected\": "
                                 "\"string\",\n    \"received\": \"undefined\",\n    \"path\": [\n "
                                 "     \"data\"\n    ],\n    \"message\": \"Required\"\n  }\n]"));
        }
        SpeakeasyEvent malformed;
        malformed.data = "[DONE]";
        try {
            decode_completion_event(malformed);
            QFAIL("no error");
        } catch (const ProviderError& error) {
            QVERIFY(error.message().find("\"malformed json: SyntaxError: Unexpected token 'D', "
                                         "\\\"[DONE]\\\" is not valid JSON\"") !=
                    std::string::npos);
        }
    }
    void a_valid_chunk_decodes() {
        SpeakeasyEvent event;
        event.data =
            R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]})";
        const OrderedJson chunk = decode_completion_event(event);
        QVERIFY(chunk.find("choices") != nullptr);
    }
};

QTEST_APPLESS_MAIN(TestSpeakeasyEventStream)
#include "test_speakeasy_event_stream.moc"
