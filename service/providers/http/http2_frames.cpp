#include "http2_frames.h"

#include <array>
#include <cstdio>

namespace lapce_ai::providers {

std::string http2_error_name(std::uint32_t code) {
    static constexpr std::array<const char*, 14> kNames = {"NO_ERROR",
                                                           "PROTOCOL_ERROR",
                                                           "INTERNAL_ERROR",
                                                           "FLOW_CONTROL_ERROR",
                                                           "SETTINGS_TIMEOUT",
                                                           "STREAM_CLOSED",
                                                           "FRAME_SIZE_ERROR",
                                                           "REFUSED_STREAM",
                                                           "CANCEL",
                                                           "COMPRESSION_ERROR",
                                                           "CONNECT_ERROR",
                                                           "ENHANCE_YOUR_CALM",
                                                           "INADEQUATE_SECURITY",
                                                           "HTTP_1_1_REQUIRED"};
    if (code < kNames.size()) return kNames[code];
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "error code 0x%x", code);
    return text.data();
}

void Http2FrameReader::append(std::string_view bytes) {
    // What was cut out already goes once it is half the buffer, so appends stay amortized.
    if (offset_ > 0 && offset_ * 2 >= buffer_.size()) {
        buffer_.erase(0, offset_);
        offset_ = 0;
    }
    buffer_.append(bytes);
}

Http2FrameReader::Result Http2FrameReader::next(Http2Frame& frame) {
    const std::string_view rest = std::string_view(buffer_).substr(offset_);
    if (rest.size() < kHttp2FrameHeaderBytes) return Result::NeedMore;
    const auto byte = [&](std::size_t index) { return static_cast<std::uint8_t>(rest[index]); };
    const std::size_t length = (std::size_t{byte(0)} << 16) | (std::size_t{byte(1)} << 8) | byte(2);
    if (length > max_payload_) return Result::TooLarge;
    if (rest.size() < kHttp2FrameHeaderBytes + length) return Result::NeedMore;
    frame.type = byte(3);
    frame.flags = byte(4);
    frame.stream_id = read_http2_u32(rest.substr(5)) & kHttp2MaxStreamId;  // R bit ignored
    frame.payload = rest.substr(kHttp2FrameHeaderBytes, length);
    offset_ += kHttp2FrameHeaderBytes + length;  // the bytes go at the next append()
    return Result::Frame;
}

void append_http2_u32(std::string& out, std::uint32_t value) {
    out.push_back(static_cast<char>((value >> 24) & 0xff));
    out.push_back(static_cast<char>((value >> 16) & 0xff));
    out.push_back(static_cast<char>((value >> 8) & 0xff));
    out.push_back(static_cast<char>(value & 0xff));
}

std::uint32_t read_http2_u32(std::string_view bytes) {
    const auto byte = [&](std::size_t index) {
        return static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[index]));
    };
    return (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
}

void append_http2_frame_header(std::string& out, std::size_t length, Http2FrameType type,
                               std::uint8_t flags, std::uint32_t stream_id) {
    out.push_back(static_cast<char>((length >> 16) & 0xff));
    out.push_back(static_cast<char>((length >> 8) & 0xff));
    out.push_back(static_cast<char>(length & 0xff));
    out.push_back(static_cast<char>(type));
    out.push_back(static_cast<char>(flags));
    append_http2_u32(out, stream_id & kHttp2MaxStreamId);
}

void append_http2_frame(std::string& out, Http2FrameType type, std::uint8_t flags,
                        std::uint32_t stream_id, std::string_view payload) {
    append_http2_frame_header(out, payload.size(), type, flags, stream_id);
    out.append(payload);
}

}  // namespace lapce_ai::providers
