// The application/vnd.amazon.eventstream codec: frames as the AWS SDK reads and writes them.

#include <QTest>

#include "event_stream.h"

using namespace lapce_ai::providers;

namespace {

EventStreamMessage bedrock_event(std::string event_type, std::string json) {
    EventStreamMessage message;
    message.set_header(":event-type", std::move(event_type));
    message.set_header(":content-type", std::string("application/json"));
    message.set_header(":message-type", std::string("event"));
    message.body = QByteArray::fromStdString(json);
    return message;
}

EventStreamMessage every_header_type() {
    EventStreamMessage message;
    message.set_header("true", true);
    message.set_header("false", false);
    message.set_header("byte", std::int8_t{-7});
    message.set_header("short", std::int16_t{-1234});
    message.set_header("integer", std::int32_t{123456789});
    message.set_header("long", EventStreamLong{-9007199254740993LL});
    message.set_header("binary", QByteArray("\x00\x01\xff", 3));
    message.set_header("string", std::string("h\xC3\xA9llo"));
    message.set_header("timestamp", EventStreamTimestamp{1759239660000});
    message.set_header("uuid", EventStreamUuid{"00000000-0000-4000-8000-000000000001"});
    message.body = QByteArray("payload");
    return message;
}

bool same_message(const EventStreamMessage& a, const EventStreamMessage& b) {
    if (a.body != b.body || a.headers.size() != b.headers.size()) return false;
    for (std::size_t i = 0; i < a.headers.size(); ++i) {
        if (a.headers[i].name != b.headers[i].name) return false;
        if (a.headers[i].value.index() != b.headers[i].value.index()) return false;
        if (encode_event_stream_message({{a.headers[i]}, {}}) !=
            encode_event_stream_message({{b.headers[i]}, {}})) {
            return false;
        }
    }
    return true;
}

template <typename Call>
EventStreamError::Kind error_kind(Call&& call, std::string* message = nullptr) {
    try {
        call();
    } catch (const EventStreamError& error) {
        if (message != nullptr) *message = error.message();
        return error.kind();
    }
    qFatal("no EventStreamError thrown");
}

void put_u32(QByteArray& bytes, qsizetype offset, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>(value >> (24 - 8 * i));
}

}  // namespace

class TestAwsEventStream : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void crc32_matches_the_standard_check_value();
    void a_known_frame_is_encoded_byte_for_byte();
    void every_header_type_survives_a_round_trip();
    void messages_split_at_every_byte_are_decoded_the_same();
    void corrupted_prelude_checksum_is_reported_like_the_sdk();
    void corrupted_message_checksum_is_reported_like_the_sdk();
    void a_message_cut_short_is_truncated_at_the_end();
    void a_partial_length_prefix_at_the_end_is_ignored();
    void lengths_below_the_overhead_or_above_16_mib_are_refused();
    void an_unknown_header_type_is_refused();
    void headers_reaching_past_their_length_are_range_errors();
    void a_repeated_header_keeps_its_place_and_last_value();
    void an_invalid_uuid_is_not_encoded();
    void messages_before_a_bad_one_are_delivered();
};

void TestAwsEventStream::crc32_matches_the_standard_check_value() {
    QCOMPARE(crc32("123456789"), 0xCBF43926U);
    QCOMPARE(crc32("6789", crc32("12345")), 0xCBF43926U);
}

void TestAwsEventStream::a_known_frame_is_encoded_byte_for_byte() {
    // AWS's published "payload with one string header" event-stream test vector
    EventStreamMessage message;
    message.set_header("content-type", std::string("application/json"));
    message.body = QByteArray("{'foo':'bar'}");
    const QByteArray expected = QByteArray::fromHex(
        "0000003d0000002007fd83960c636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f"
        "6e7b27666f6f273a27626172277d8d9c08b1");
    QCOMPARE(encode_event_stream_message(message).toHex(), expected.toHex());
    const EventStreamMessage decoded = decode_event_stream_message(expected);
    QCOMPARE(decoded.string_header("content-type"), std::string("application/json"));
    QCOMPARE(decoded.body, QByteArray("{'foo':'bar'}"));
}

void TestAwsEventStream::every_header_type_survives_a_round_trip() {
    const EventStreamMessage original = every_header_type();
    const EventStreamMessage decoded =
        decode_event_stream_message(encode_event_stream_message(original));
    QVERIFY(same_message(original, decoded));
    QCOMPARE(std::get<std::int16_t>(*decoded.header("short")), std::int16_t{-1234});
    QCOMPARE(std::get<EventStreamLong>(*decoded.header("long")).value, -9007199254740993LL);
    QCOMPARE(std::get<EventStreamTimestamp>(*decoded.header("timestamp")).milliseconds,
             std::int64_t{1759239660000});
    QCOMPARE(std::get<EventStreamUuid>(*decoded.header("uuid")).text,
             std::string("00000000-0000-4000-8000-000000000001"));
}

void TestAwsEventStream::messages_split_at_every_byte_are_decoded_the_same() {
    const std::vector<EventStreamMessage> originals = {
        bedrock_event("messageStart", R"({"role":"assistant"})"),
        bedrock_event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})"),
        every_header_type(),
        bedrock_event("messageStop", R"({"stopReason":"end_turn"})"),
    };
    QByteArray stream;
    for (const auto& message : originals) stream += encode_event_stream_message(message);

    for (qsizetype first = 0; first <= stream.size(); ++first) {
        for (qsizetype second = first; second <= stream.size(); second += 7) {
            EventStreamDecoder decoder;
            std::vector<EventStreamMessage> decoded;
            for (const QByteArrayView part : {QByteArrayView(stream).first(first),
                                              QByteArrayView(stream).sliced(first, second - first),
                                              QByteArrayView(stream).sliced(second)}) {
                for (auto& message : decoder.feed(part)) decoded.push_back(std::move(message));
            }
            decoder.finish();
            QCOMPARE(decoded.size(), originals.size());
            for (std::size_t i = 0; i < originals.size(); ++i) {
                QVERIFY(same_message(decoded[i], originals[i]));
            }
        }
    }
    EventStreamDecoder byte_by_byte;
    std::size_t count = 0;
    for (const char byte : stream) count += byte_by_byte.feed(QByteArrayView(&byte, 1)).size();
    QCOMPARE(count, originals.size());
}

void TestAwsEventStream::corrupted_prelude_checksum_is_reported_like_the_sdk() {
    QByteArray frame = encode_event_stream_message(bedrock_event("messageStart", "{}"));
    const std::uint32_t actual = crc32(QByteArrayView(frame).first(8));
    put_u32(frame, 8, 1234);
    std::string message;
    QCOMPARE(error_kind([&] { decode_event_stream_message(frame); }, &message),
             EventStreamError::Kind::PreludeChecksum);
    QCOMPARE(message,
             "The prelude checksum specified in the message (1234) does not match the "
             "calculated CRC32 checksum (" +
                 std::to_string(actual) + ")");
}

void TestAwsEventStream::corrupted_message_checksum_is_reported_like_the_sdk() {
    QByteArray frame = encode_event_stream_message(bedrock_event("messageStart", "{}"));
    frame[frame.size() - 6] = 'x';  // inside the payload
    std::string message;
    EventStreamDecoder decoder;
    QCOMPARE(error_kind([&] { decoder.feed(frame); }, &message),
             EventStreamError::Kind::MessageChecksum);
    QVERIFY(message.starts_with("The message checksum ("));
    QVERIFY(message.find(") did not match the expected value of ") != std::string::npos);
}

void TestAwsEventStream::a_message_cut_short_is_truncated_at_the_end() {
    const QByteArray frame = encode_event_stream_message(bedrock_event("messageStart", "{}"));
    EventStreamDecoder decoder;
    QVERIFY(decoder.feed(QByteArrayView(frame).first(frame.size() - 1)).empty());
    QVERIFY(decoder.in_message());
    std::string message;
    QCOMPARE(error_kind([&] { decoder.finish(); }, &message), EventStreamError::Kind::Truncated);
    QCOMPARE(message, std::string("Truncated event message received."));
}

void TestAwsEventStream::a_partial_length_prefix_at_the_end_is_ignored() {
    EventStreamDecoder decoder;
    QVERIFY(decoder.feed(QByteArray("\x00\x00", 2)).empty());
    decoder.finish();
}

void TestAwsEventStream::lengths_below_the_overhead_or_above_16_mib_are_refused() {
    EventStreamDecoder short_decoder;
    std::string message;
    QCOMPARE(error_kind([&] { short_decoder.feed(QByteArray::fromHex("0000000f")); }, &message),
             EventStreamError::Kind::MessageTooShort);
    QCOMPARE(
        message,
        std::string("Provided message too short to accommodate event stream message overhead"));
    EventStreamDecoder long_decoder;
    QCOMPARE(error_kind([&] { long_decoder.feed(QByteArray::fromHex("01000001")); }),
             EventStreamError::Kind::MessageTooLong);
    EventStreamDecoder limit_decoder;
    QVERIFY(limit_decoder.feed(QByteArray::fromHex("01000000")).empty());
}

void TestAwsEventStream::an_unknown_header_type_is_refused() {
    EventStreamMessage source;
    source.set_header("a", std::int8_t{1});
    QByteArray frame = encode_event_stream_message(source);
    frame[12 + 2] = 10;  // the type tag
    // re-seal, so that only the tag is wrong
    put_u32(frame, frame.size() - 4,
            crc32(QByteArrayView(frame).sliced(8, frame.size() - 12),
                  crc32(QByteArrayView(frame).first(8))));
    std::string message;
    QCOMPARE(error_kind([&] { decode_event_stream_message(frame); }, &message),
             EventStreamError::Kind::UnknownHeaderType);
    QCOMPARE(message, std::string("Unrecognized header type tag"));
}

void TestAwsEventStream::headers_reaching_past_their_length_are_range_errors() {
    // headers length 3: name length 1, name "a", then the type tag lies outside the view
    EventStreamMessage source;
    source.set_header("a", std::int8_t{1});
    QByteArray frame = encode_event_stream_message(source);
    put_u32(frame, 4, 2);
    put_u32(frame, 8, crc32(QByteArrayView(frame).first(8)));
    put_u32(frame, frame.size() - 4,
            crc32(QByteArrayView(frame).sliced(8, frame.size() - 12),
                  crc32(QByteArrayView(frame).first(8))));
    std::string message;
    EventStreamError::Kind kind = error_kind([&] { decode_event_stream_message(frame); }, &message);
    QCOMPARE(kind, EventStreamError::Kind::MalformedHeaders);
    QCOMPARE(message, std::string("Offset is outside the bounds of the DataView"));
}

void TestAwsEventStream::a_repeated_header_keeps_its_place_and_last_value() {
    // the encoder writes the headers as listed, so a repeated name reaches the decoder
    EventStreamMessage with_repeat;
    with_repeat.headers = {
        {"x", std::string("1")}, {"y", std::string("2")}, {"x", std::string("3")}};
    const EventStreamMessage decoded =
        decode_event_stream_message(encode_event_stream_message(with_repeat));
    QCOMPARE(decoded.headers.size(), std::size_t{2});
    QCOMPARE(decoded.headers[0].name, std::string("x"));
    QCOMPARE(decoded.string_header("x"), std::string("3"));
}

void TestAwsEventStream::an_invalid_uuid_is_not_encoded() {
    EventStreamMessage message;
    message.set_header("id", EventStreamUuid{"NOT-A-UUID"});
    std::string text;
    QCOMPARE(error_kind([&] { encode_event_stream_message(message); }, &text),
             EventStreamError::Kind::InvalidUuid);
    QCOMPARE(text, std::string("Invalid UUID received: NOT-A-UUID"));
}

void TestAwsEventStream::messages_before_a_bad_one_are_delivered() {
    QByteArray stream = encode_event_stream_message(bedrock_event("messageStart", "{}"));
    QByteArray bad = encode_event_stream_message(bedrock_event("messageStop", "{}"));
    bad[bad.size() - 1] = static_cast<char>(bad[bad.size() - 1] ^ 1);
    stream += bad;
    EventStreamDecoder decoder;
    std::vector<std::string> seen;
    QCOMPARE(error_kind([&] {
                 decoder.feed(stream, [&](EventStreamMessage&& message) {
                     seen.push_back(message.string_header(":event-type"));
                 });
             }),
             EventStreamError::Kind::MessageChecksum);
    QCOMPARE(seen, std::vector<std::string>{"messageStart"});
}

QTEST_GUILESS_MAIN(TestAwsEventStream)
#include "test_aws_event_stream.moc"
