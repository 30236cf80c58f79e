// Http2ClientSession frame by frame: what it sends, what it makes of what a server sends, flow
// control both ways, and the protocol errors that end a stream or the connection.

#include <QTest>

#include <string>
#include <vector>

#include "hpack_encoder.h"
#include "http2_client_session.h"

using namespace lapce_ai::providers;

namespace {

struct Recorder final : Http2StreamListener {
    int status = 0;
    std::vector<HpackHeader> headers;
    std::string data;
    bool ended = false;
    std::vector<Http2StreamFailure> failures;
    int data_events = 0;

    void on_http2_head(int code, std::vector<HpackHeader>& fields) override {
        status = code;
        headers = fields;
    }
    void on_http2_data(std::string_view bytes) override {
        data.append(bytes);
        ++data_events;
    }
    void on_http2_end() override { ended = true; }
    void on_http2_failure(const Http2StreamFailure& failure) override {
        failures.push_back(failure);
    }
    void on_http2_request_sent() override {}
};

struct Sent {
    std::uint8_t type;
    std::uint8_t flags;
    std::uint32_t stream_id;
    std::string payload;
};

// The frames in the session's output since the last call (after the connection preface).
std::vector<Sent> take_frames(Http2ClientSession& session) {
    std::string& out = session.output();
    constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    if (out.compare(0, kPreface.size(), kPreface) == 0) out.erase(0, kPreface.size());
    Http2FrameReader reader(1 << 24);
    reader.append(out);
    out.clear();
    std::vector<Sent> frames;
    Http2Frame frame;
    while (reader.next(frame) == Http2FrameReader::Result::Frame)
        frames.push_back({frame.type, frame.flags, frame.stream_id, std::string(frame.payload)});
    return frames;
}

std::string frame(Http2FrameType type, std::uint8_t flags, std::uint32_t stream,
                  std::string_view payload) {
    std::string out;
    append_http2_frame(out, type, flags, stream, payload);
    return out;
}

std::string settings(std::vector<std::pair<std::uint16_t, std::uint32_t>> values = {}) {
    std::string payload;
    for (const auto& [id, value] : values) {
        payload.push_back(static_cast<char>(id >> 8));
        payload.push_back(static_cast<char>(id & 0xff));
        append_http2_u32(payload, value);
    }
    return frame(Http2FrameType::Settings, 0, 0, payload);
}

std::string head(std::uint32_t stream, std::vector<HpackHeader> fields, std::uint8_t flags = 0) {
    std::string block;
    hpack_encode(fields, block);
    return frame(Http2FrameType::Headers, flags | http2_flag::kEndHeaders, stream, block);
}

std::string window_update(std::uint32_t stream, std::uint32_t increment) {
    std::string payload;
    append_http2_u32(payload, increment);
    return frame(Http2FrameType::WindowUpdate, 0, stream, payload);
}

std::uint32_t u32(const std::string& payload, std::size_t at = 0) {
    return read_http2_u32(std::string_view(payload).substr(at));
}

std::size_t data_bytes(const std::vector<Sent>& frames, std::uint32_t stream) {
    std::size_t total = 0;
    for (const Sent& sent : frames) {
        if (sent.type == static_cast<std::uint8_t>(Http2FrameType::Data) &&
            sent.stream_id == stream)
            total += sent.payload.size();
    }
    return total;
}

const std::vector<HpackHeader> kGet = {
    {":method", "GET"}, {":scheme", "https"}, {":authority", "example.test"}, {":path", "/"}};

// A session past the server's preface, with `streams` GET requests open.
struct Opened {
    Http2ClientSession session;
    std::vector<Recorder> recorders;

    explicit Opened(int streams = 1) : recorders(static_cast<std::size_t>(streams)) {
        for (Recorder& recorder : recorders) session.open(recorder, kGet, {});
        session.receive(settings());
        take_frames(session);
    }
};

}  // namespace

class TestHttp2ClientSession : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void the_connection_opens_with_the_preface_settings_and_a_larger_window() {
        Http2ClientSession session;
        QVERIFY(session.output().starts_with("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        const std::vector<Sent> frames = take_frames(session);
        QCOMPARE(frames.size(), std::size_t(2));
        QCOMPARE(frames[0].type, std::uint8_t(Http2FrameType::Settings));
        // ENABLE_PUSH 0, INITIAL_WINDOW_SIZE 256 KiB, MAX_HEADER_LIST_SIZE 64 KiB
        QCOMPARE(frames[0].payload, std::string("\x00\x02\x00\x00\x00\x00"
                                                "\x00\x04\x00\x04\x00\x00"
                                                "\x00\x06\x00\x01\x00\x00",
                                                18));
        QCOMPARE(frames[1].type, std::uint8_t(Http2FrameType::WindowUpdate));
        QCOMPARE(frames[1].stream_id, 0u);
        QCOMPARE(u32(frames[1].payload), Http2ClientSession::kConnectionWindow - 65535);
    }

    void the_servers_settings_are_acknowledged() {
        Http2ClientSession session;
        take_frames(session);
        QVERIFY(session.receive(settings({{0x3, 10}})));
        const std::vector<Sent> frames = take_frames(session);
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].type, std::uint8_t(Http2FrameType::Settings));
        QCOMPARE(frames[0].flags, http2_flag::kAck);
    }

    void a_request_body_waits_for_the_servers_credit() {
        Http2ClientSession session;
        take_frames(session);
        Recorder recorder;
        const std::uint32_t id = session.open(recorder, kGet, std::string(100'000, 'x'));
        QCOMPARE(id, 1u);
        std::vector<Sent> frames = take_frames(session);
        QCOMPARE(frames.front().type, std::uint8_t(Http2FrameType::Headers));
        QCOMPARE(frames.front().flags, http2_flag::kEndHeaders);  // the body follows
        QCOMPARE(data_bytes(frames, 1), std::size_t(65535));      // the default windows
        for (const Sent& sent : frames) QVERIFY(sent.payload.size() <= 16384);
        QVERIFY(session.take_written_streams().empty());
        QVERIFY(session.receive(settings() + window_update(0, 50'000)));
        QCOMPARE(data_bytes(take_frames(session), 1), std::size_t(0));  // the stream's is empty
        QVERIFY(session.receive(window_update(1, 50'000)));
        frames = take_frames(session);
        QCOMPARE(data_bytes(frames, 1), std::size_t(100'000 - 65535));
        QCOMPARE(frames.back().flags, http2_flag::kEndStream);
        QCOMPARE(session.take_written_streams(), std::vector<std::uint32_t>{1});
    }

    void a_larger_initial_window_from_the_server_applies_to_open_streams() {
        Http2ClientSession session;
        Recorder recorder;
        session.open(recorder, kGet, std::string(70'000, 'x'));
        take_frames(session);
        QVERIFY(session.receive(settings({{0x4, 65535 + 10'000}}) + window_update(0, 10'000)));
        QCOMPARE(data_bytes(take_frames(session), 1), std::size_t(70'000 - 65535));
    }

    void a_response_arrives_as_head_data_and_end() {
        Opened opened;
        Recorder& recorder = opened.recorders[0];
        QVERIFY(opened.session.receive(
            head(1, {{":status", "200"}, {"content-type", "text/event-stream"}}) +
            frame(Http2FrameType::Data, 0, 1, "abc") +
            frame(Http2FrameType::Data, http2_flag::kEndStream, 1, "de")));
        QCOMPARE(recorder.status, 200);
        QCOMPARE(recorder.headers.size(), std::size_t(1));
        QCOMPARE(recorder.headers[0].name, std::string("content-type"));
        QCOMPARE(recorder.data, std::string("abcde"));
        QVERIFY(recorder.ended);
        QCOMPARE(opened.session.open_streams(), std::size_t(0));
    }

    void interim_heads_are_skipped_and_trailers_end_the_stream() {
        Opened opened;
        Recorder& recorder = opened.recorders[0];
        QVERIFY(opened.session.receive(head(1, {{":status", "103"}, {"link", "</a>"}}) +
                                       head(1, {{":status", "201"}}) +
                                       frame(Http2FrameType::Data, 0, 1, "x") +
                                       head(1, {{"x-trailer", "t"}}, http2_flag::kEndStream)));
        QCOMPARE(recorder.status, 201);
        QVERIFY(recorder.headers.empty());
        QCOMPARE(recorder.data, std::string("x"));
        QVERIFY(recorder.ended);
    }

    void padding_and_priority_fields_are_removed() {
        Opened opened;
        Recorder& recorder = opened.recorders[0];
        std::string block;
        hpack_encode({{":status", "200"}}, block);
        const std::string headers = std::string("\x02", 1) +
                                    std::string("\x00\x00\x00\x00\x10", 5) + block +
                                    std::string(2, '\0');
        const std::string data = std::string("\x03", 1) + "hi" + std::string(3, '\0');
        QVERIFY(opened.session.receive(
            frame(Http2FrameType::Headers,
                  http2_flag::kEndHeaders | http2_flag::kPadded | http2_flag::kPriority, 1,
                  headers) +
            frame(Http2FrameType::Data, http2_flag::kPadded | http2_flag::kEndStream, 1, data)));
        QCOMPARE(recorder.status, 200);
        QCOMPARE(recorder.data, std::string("hi"));
        QVERIFY(recorder.ended);
    }

    void a_head_in_continuation_frames_is_joined() {
        Opened opened;
        Recorder& recorder = opened.recorders[0];
        std::string block;
        hpack_encode({{":status", "200"}, {"x-long", std::string(300, 'v')}}, block);
        QVERIFY(opened.session.receive(
            frame(Http2FrameType::Headers, http2_flag::kEndStream, 1, block.substr(0, 100)) +
            frame(Http2FrameType::Continuation, 0, 1, block.substr(100, 100)) +
            frame(Http2FrameType::Continuation, http2_flag::kEndHeaders, 1, block.substr(200))));
        QCOMPARE(recorder.status, 200);
        QCOMPARE(recorder.headers.at(0).value, std::string(300, 'v'));
        QVERIFY(recorder.ended);
    }

    void credit_goes_back_as_the_reader_consumes() {
        Opened opened;
        Http2ClientSession& session = opened.session;
        std::string bytes = head(1, {{":status", "200"}});
        for (int i = 0; i < 12; ++i)
            bytes += frame(Http2FrameType::Data, 0, 1, std::string(16384, 'd'));
        QVERIFY(session.receive(bytes));
        QCOMPARE(opened.recorders[0].data.size(), std::size_t(12 * 16384));
        QVERIFY(take_frames(session).empty());  // nothing read yet: no credit
        session.consumed(1, 100'000);
        QVERIFY(take_frames(session).empty());  // under half the stream's window
        session.consumed(1, 40'000);
        const std::vector<Sent> frames = take_frames(session);
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].type, std::uint8_t(Http2FrameType::WindowUpdate));
        QCOMPARE(frames[0].stream_id, 1u);
        QCOMPARE(u32(frames[0].payload), 140'000u);
    }

    void a_server_overrunning_a_stream_window_gets_the_stream_reset() {
        Opened opened(2);
        Http2ClientSession& session = opened.session;
        std::string bytes = head(1, {{":status", "200"}});
        for (int i = 0; i < 17; ++i)  // 272 KiB, over the 256 KiB allowed
            bytes += frame(Http2FrameType::Data, 0, 1, std::string(16384, 'd'));
        QVERIFY(session.receive(bytes));
        QCOMPARE(opened.recorders[0].failures.size(), std::size_t(1));
        QCOMPARE(opened.recorders[0].failures[0].code,
                 std::uint32_t(Http2ErrorCode::FlowControlError));
        const std::vector<Sent> frames = take_frames(session);
        QCOMPARE(frames.back().type, std::uint8_t(Http2FrameType::RstStream));
        QCOMPARE(u32(frames.back().payload), std::uint32_t(Http2ErrorCode::FlowControlError));
        QVERIFY(opened.recorders[1].failures.empty());  // the other stream goes on
        QCOMPARE(session.open_streams(), std::size_t(1));
    }

    void a_ping_is_answered_with_its_payload() {
        Opened opened;
        QVERIFY(opened.session.receive(frame(Http2FrameType::Ping, 0, 0, "12345678")));
        const std::vector<Sent> frames = take_frames(opened.session);
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].flags, http2_flag::kAck);
        QCOMPARE(frames[0].payload, std::string("12345678"));
    }

    void a_reset_from_the_server_fails_the_stream_and_says_why() {
        Opened opened(2);
        std::string code;
        append_http2_u32(code, std::uint32_t(Http2ErrorCode::RefusedStream));
        QVERIFY(opened.session.receive(frame(Http2FrameType::RstStream, 0, 3, code)));
        const Http2StreamFailure& failure = opened.recorders[1].failures.at(0);
        QVERIFY(failure.reset_by_server);
        QVERIFY(failure.unprocessed);
        QCOMPARE(failure.message, std::string("HTTP/2 stream reset by the server: REFUSED_STREAM"));
        QVERIFY(opened.recorders[0].failures.empty());
    }

    void goaway_fails_only_the_streams_the_server_did_not_take() {
        Opened opened(3);
        std::string payload;
        append_http2_u32(payload, 3);
        append_http2_u32(payload, 0);
        QVERIFY(opened.session.receive(frame(Http2FrameType::GoAway, 0, 0, payload)));
        QVERIFY(opened.recorders[0].failures.empty());
        QVERIFY(opened.recorders[1].failures.empty());
        QCOMPARE(opened.recorders[2].failures.size(), std::size_t(1));
        QVERIFY(opened.recorders[2].failures[0].unprocessed);
        QVERIFY(!opened.session.can_open());
        QVERIFY(opened.session.receive(head(1, {{":status", "200"}}, http2_flag::kEndStream)));
        QVERIFY(opened.recorders[0].ended);
    }

    void the_first_head_and_the_first_after_a_table_size_setting_announce_a_table_of_zero() {
        Http2ClientSession session;
        take_frames(session);
        Recorder first;
        Recorder second;
        Recorder third;
        session.open(first, kGet, {});
        session.open(second, kGet, {});
        std::vector<Sent> frames = take_frames(session);
        QCOMPARE(frames.size(), std::size_t(2));
        QCOMPARE(frames[0].payload.front(), '\x20');  // dynamic table size update: 0
        QCOMPARE(frames[1].payload.front(), '\x82');  // :method: GET, indexed
        QVERIFY(session.receive(settings({{0x1, 256}})));
        take_frames(session);
        session.open(third, kGet, {});
        frames = take_frames(session);
        QCOMPARE(frames.at(0).payload.front(), '\x20');
    }

    void until_the_servers_settings_at_most_100_streams_are_open() {
        Http2ClientSession session;
        std::vector<Recorder> recorders(100);
        for (Recorder& recorder : recorders) QVERIFY(session.open(recorder, kGet, {}) != 0);
        QVERIFY(!session.can_open());
        Recorder one_more;
        QCOMPARE(session.open(one_more, kGet, {}), 0u);
        QVERIFY(session.receive(settings({{0x3, 200}})));
        QVERIFY(session.can_open());
    }

    void the_connections_credit_goes_back_as_data_arrives_whoever_reads_it() {
        Opened opened(9);
        Http2ClientSession& session = opened.session;
        std::string bytes;
        for (std::uint32_t id = 1; id <= 17; id += 2) bytes += head(id, {{":status", "200"}});
        for (std::uint32_t id = 1; id <= 17; id += 2) {
            for (int i = 0; i < 16; ++i)  // each stream's whole window, none of it read
                bytes += frame(Http2FrameType::Data, 0, id, std::string(16384, 'd'));
        }
        QVERIFY(session.receive(bytes));
        const std::vector<Sent> frames = take_frames(session);
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].type, std::uint8_t(Http2FrameType::WindowUpdate));
        QCOMPARE(frames[0].stream_id, 0u);
        QCOMPARE(u32(frames[0].payload), Http2ClientSession::kConnectionWindow / 2);
        for (const Recorder& recorder : opened.recorders) QVERIFY(recorder.failures.empty());
    }

    void the_servers_stream_limit_holds_back_new_streams() {
        Http2ClientSession session;
        QVERIFY(session.receive(settings({{0x3, 1}})));
        QVERIFY(session.can_open());
        Recorder recorder;
        session.open(recorder, kGet, {});
        QVERIFY(!session.can_open());
    }

    void a_cancelled_streams_late_data_only_credits_the_connection() {
        Opened opened;
        Http2ClientSession& session = opened.session;
        QVERIFY(session.receive(head(1, {{":status", "200"}})));
        session.cancel(1);
        std::vector<Sent> frames = take_frames(session);
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].type, std::uint8_t(Http2FrameType::RstStream));
        QCOMPARE(u32(frames[0].payload), std::uint32_t(Http2ErrorCode::Cancel));
        std::string late;
        for (int i = 0; i < 130; ++i)  // 2 MiB + 16 KiB: past half the connection's window
            late += frame(Http2FrameType::Data, 0, 1, std::string(16384, 'd'));
        QVERIFY(session.receive(late));
        QVERIFY(opened.recorders[0].data.empty());
        frames = take_frames(session);
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].type, std::uint8_t(Http2FrameType::WindowUpdate));
        QCOMPARE(frames[0].stream_id, 0u);
    }

    void frames_that_break_the_protocol_fail_the_connection_with_goaway_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::addColumn<uint>("code");
        const auto row = [](const char* name, const std::string& bytes, const char* error,
                            Http2ErrorCode code) {
            QTest::newRow(name) << QByteArray::fromStdString(bytes) << QString::fromLatin1(error)
                                << uint(code);
        };
        row("data on stream 0", frame(Http2FrameType::Data, 0, 0, "x"), "HTTP/2 DATA on stream 0",
            Http2ErrorCode::ProtocolError);
        row("headers on a stream not opened", head(5, {{":status", "200"}}),
            "HTTP/2 HEADERS on a stream this side did not open", Http2ErrorCode::ProtocolError);
        row("push", frame(Http2FrameType::PushPromise, http2_flag::kEndHeaders, 1, "\0\0\0\2"),
            "HTTP/2 server push after it was disabled", Http2ErrorCode::ProtocolError);
        row("frame over the maximum", frame(Http2FrameType::Data, 0, 1, std::string(16385, 'x')),
            "HTTP/2 frame larger than the announced maximum", Http2ErrorCode::FrameSizeError);
        row("continuation without a head", frame(Http2FrameType::Continuation, 0, 1, ""),
            "HTTP/2 CONTINUATION without a header block", Http2ErrorCode::ProtocolError);
        row("head interrupted", frame(Http2FrameType::Headers, 0, 1, "") + window_update(0, 1),
            "HTTP/2 header block interrupted by another frame", Http2ErrorCode::ProtocolError);
        row("bad header block", frame(Http2FrameType::Headers, http2_flag::kEndHeaders, 1, "\x80"),
            "HTTP/2 header block: HPACK index out of range", Http2ErrorCode::CompressionError);
        row("window overflow", window_update(0, 0x7fffffff), "HTTP/2 connection window over 2^31-1",
            Http2ErrorCode::FlowControlError);
        row("ping of 7 bytes", frame(Http2FrameType::Ping, 0, 0, "1234567"),
            "HTTP/2 PING of the wrong size", Http2ErrorCode::FrameSizeError);
        row("padding over the frame", frame(Http2FrameType::Data, http2_flag::kPadded, 1, "\x05x"),
            "HTTP/2 padding too long", Http2ErrorCode::ProtocolError);
        row("frame size setting too small", settings({{0x5, 100}}),
            "HTTP/2 SETTINGS_MAX_FRAME_SIZE out of range", Http2ErrorCode::ProtocolError);
    }

    void frames_that_break_the_protocol_fail_the_connection_with_goaway() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        QFETCH(uint, code);
        Opened opened;
        QVERIFY(!opened.session.receive(bytes.toStdString()));
        QCOMPARE(QString::fromStdString(opened.session.error()), error);
        QVERIFY(opened.session.failed());
        QCOMPARE(opened.recorders[0].failures.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(opened.recorders[0].failures[0].message), error);
        const std::vector<Sent> frames = take_frames(opened.session);
        QCOMPARE(frames.back().type, std::uint8_t(Http2FrameType::GoAway));
        QCOMPARE(u32(frames.back().payload, 4), code);
        QVERIFY(!opened.session.receive(settings()));  // nothing more is taken
    }

    void the_server_must_begin_with_settings() {
        Http2ClientSession session;
        QVERIFY(!session.receive(frame(Http2FrameType::Ping, 0, 0, "12345678")));
        QCOMPARE(session.error(), std::string("the HTTP/2 server did not start with SETTINGS"));
    }

    void losing_the_transport_fails_every_stream_as_lost() {
        Opened opened(2);
        QVERIFY(opened.session.receive(head(1, {{":status", "200"}})));
        opened.session.lose_transport("Connection closed");
        QVERIFY(opened.recorders[0].failures.at(0).transport_lost);
        QVERIFY(opened.recorders[0].failures.at(0).response_started);
        QVERIFY(!opened.recorders[1].failures.at(0).response_started);
        QCOMPARE(opened.session.open_streams(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestHttp2ClientSession)
#include "test_http2_client_session.moc"
