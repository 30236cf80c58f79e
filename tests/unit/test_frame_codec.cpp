#include <QtTest>

#include <array>

#include "frame.h"
#include "lapce_ai.pb.h"

using namespace lapce_ai::ipc;

namespace {

std::span<const std::byte> bytes_of(const std::string& text) {
    return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

std::string frame_bytes(std::uint16_t kind, std::uint64_t id, const std::string& payload) {
    proto::Ping ping;
    ping.set_payload(payload);
    std::string out;
    encode_frame(out, kind, 0, id, ping);
    return out;
}

}  // namespace

class FrameCodecTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void header_is_sixteen_little_endian_bytes() {
        std::array<std::byte, kFrameHeaderBytes> raw{};
        encode_frame_header({0x04030201u, 0x0605u, 0x0807u, 0x100f0e0d0c0b0a09ull}, raw);
        for (std::size_t i = 0; i < raw.size(); ++i) {
            QCOMPARE(std::to_integer<int>(raw[i]), static_cast<int>(i + 1));
        }
        QCOMPARE(decode_frame_header(raw),
                 (FrameHeader{0x04030201u, 0x0605u, 0x0807u, 0x100f0e0d0c0b0a09ull}));
    }

    void parse_rejects_fewer_than_sixteen_bytes() {
        std::array<std::byte, 15> raw{};
        auto parsed = parse_frame_header(raw, 1024);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error(), FrameError::Truncated);
    }

    void parse_rejects_length_above_maximum() {
        std::array<std::byte, kFrameHeaderBytes> raw{};
        encode_frame_header({1025, proto::PING, 0, 1}, raw);
        QCOMPARE(parse_frame_header(raw, 1024).error(), FrameError::TooLarge);
        QVERIFY(parse_frame_header(raw, 1025).has_value());
    }

    void encode_frame_refuses_messages_above_maximum() {
        proto::Ping ping;
        ping.set_payload(std::string(100, 'x'));
        std::string out;
        QVERIFY(!encode_frame(out, proto::PING, 0, 1, ping, 50));
        QVERIFY(encode_frame(out, proto::PING, 0, 1, ping, 200));
        QCOMPARE(out.size(), kFrameHeaderBytes + ping.ByteSizeLong());
    }

    void decoder_reassembles_frames_fed_byte_by_byte() {
        const std::string stream =
            frame_bytes(proto::PING, 7, "hello") + frame_bytes(proto::PING, 8, "");
        StreamFrameDecoder decoder(1024);
        std::vector<std::pair<std::uint64_t, std::string>> seen;
        for (char c : stream) {
            decoder.append(bytes_of(std::string(1, c)));
            auto next = decoder.next();
            QVERIFY(next.has_value());
            if (next->has_value()) {
                proto::Ping ping;
                QVERIFY(ping.ParseFromArray((*next)->payload.data(),
                                            static_cast<int>((*next)->payload.size())));
                seen.emplace_back((*next)->header.request_id, ping.payload());
            }
        }
        QCOMPARE(seen.size(), std::size_t{2});
        QCOMPARE(seen[0].first, std::uint64_t{7});
        QCOMPARE(seen[0].second, std::string("hello"));
        QCOMPARE(seen[1].first, std::uint64_t{8});
        QCOMPARE(decoder.buffered_bytes(), std::size_t{0});
    }

    void decoder_returns_several_frames_from_one_chunk() {
        const std::string stream = frame_bytes(proto::PING, 1, "a") +
                                   frame_bytes(proto::PING, 2, "b") +
                                   frame_bytes(proto::PING, 3, "c").substr(0, 5);
        StreamFrameDecoder decoder(1024);
        decoder.append(bytes_of(stream));
        QCOMPARE((*decoder.next())->header.request_id, std::uint64_t{1});
        QCOMPARE((*decoder.next())->header.request_id, std::uint64_t{2});
        QVERIFY(!decoder.next()->has_value());
        QCOMPARE(decoder.buffered_bytes(), std::size_t{5});
    }

    void decoder_stays_failed_after_an_oversized_header() {
        std::array<std::byte, kFrameHeaderBytes> raw{};
        encode_frame_header({5000, proto::PING, 0, 1}, raw);
        StreamFrameDecoder decoder(4096);
        decoder.append(raw);
        QCOMPARE(decoder.next().error(), FrameError::TooLarge);
        decoder.append(bytes_of(frame_bytes(proto::PING, 2, "ok")));
        QCOMPARE(decoder.next().error(), FrameError::TooLarge);
    }

    void frame_errors_have_messages() {
        QVERIFY(frame_error_message(FrameError::Truncated).find("truncated") !=
                std::string_view::npos);
        QVERIFY(frame_error_message(FrameError::TooLarge).find("too large") !=
                std::string_view::npos);
    }
};

QTEST_GUILESS_MAIN(FrameCodecTest)
#include "test_frame_codec.moc"
