#pragma once

// HTTP/2 framing (RFC 9113 section 4): the 9-byte frame header, a reader that cuts frames out of
// the bytes a connection delivers in any pieces, and the writer of outgoing frames.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lapce_ai::providers {

enum class Http2FrameType : std::uint8_t {
    Data = 0x0,
    Headers = 0x1,
    Priority = 0x2,
    RstStream = 0x3,
    Settings = 0x4,
    PushPromise = 0x5,
    Ping = 0x6,
    GoAway = 0x7,
    WindowUpdate = 0x8,
    Continuation = 0x9,
};

namespace http2_flag {
constexpr std::uint8_t kEndStream = 0x1;
constexpr std::uint8_t kAck = 0x1;
constexpr std::uint8_t kEndHeaders = 0x4;
constexpr std::uint8_t kPadded = 0x8;
constexpr std::uint8_t kPriority = 0x20;
}  // namespace http2_flag

enum class Http2ErrorCode : std::uint32_t {
    NoError = 0x0,
    ProtocolError = 0x1,
    InternalError = 0x2,
    FlowControlError = 0x3,
    SettingsTimeout = 0x4,
    StreamClosed = 0x5,
    FrameSizeError = 0x6,
    RefusedStream = 0x7,
    Cancel = 0x8,
    CompressionError = 0x9,
    ConnectError = 0xa,
    EnhanceYourCalm = 0xb,
    InadequateSecurity = 0xc,
    Http11Required = 0xd,
};

// "PROTOCOL_ERROR", …; "error code 0x2a" for codes RFC 9113 does not name.
std::string http2_error_name(std::uint32_t code);

constexpr std::size_t kHttp2FrameHeaderBytes = 9;
constexpr std::size_t kHttp2DefaultMaxFrameBytes = 16384;
constexpr std::uint32_t kHttp2MaxStreamId = 0x7fffffff;
constexpr std::int64_t kHttp2MaxWindow = 0x7fffffff;

struct Http2Frame {
    std::uint8_t type = 0;  // an Http2FrameType, or a type this side does not know
    std::uint8_t flags = 0;
    std::uint32_t stream_id = 0;
    std::string_view payload;

    bool has(std::uint8_t flag) const { return (flags & flag) != 0; }
};

class Http2FrameReader {
  public:
    enum class Result { Frame, NeedMore, TooLarge };

    // `max_payload`: SETTINGS_MAX_FRAME_SIZE as this side announced it.
    explicit Http2FrameReader(std::size_t max_payload = kHttp2DefaultMaxFrameBytes)
        : max_payload_(max_payload) {}

    void append(std::string_view bytes);
    // The next whole frame; its payload stays valid until the next append() or next().
    // TooLarge: a frame longer than max_payload (FRAME_SIZE_ERROR); the reader is then stuck.
    Result next(Http2Frame& frame);
    std::size_t buffered_bytes() const { return buffer_.size() - offset_; }

  private:
    std::size_t max_payload_;
    std::string buffer_;
    std::size_t offset_ = 0;
};

void append_http2_frame_header(std::string& out, std::size_t length, Http2FrameType type,
                               std::uint8_t flags, std::uint32_t stream_id);
void append_http2_frame(std::string& out, Http2FrameType type, std::uint8_t flags,
                        std::uint32_t stream_id, std::string_view payload);
void append_http2_u32(std::string& out, std::uint32_t value);
std::uint32_t read_http2_u32(std::string_view bytes);  // the first four bytes, big-endian

}  // namespace lapce_ai::providers
