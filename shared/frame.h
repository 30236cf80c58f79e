#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "expected.h"

namespace google::protobuf {
class MessageLite;
}

namespace lapce_ai::ipc {

inline constexpr std::size_t kFrameHeaderBytes = 16;
inline constexpr std::uint32_t kProtocolVersion = 1;
inline constexpr std::uint32_t kDefaultMaxFrameBytes = 16u * 1024u * 1024u;
// The largest configurable frame: protobuf parses at most INT_MAX bytes, and far less is sane.
inline constexpr std::uint32_t kMaxFrameBytesLimit = 1024u * 1024u * 1024u;

// The fixed little-endian header in front of every payload.
struct FrameHeader {
    std::uint32_t length = 0;  // payload bytes after the header
    std::uint16_t kind = 0;    // a MessageKind
    std::uint16_t flags = 0;   // FrameFlag bits
    std::uint64_t request_id = 0;

    friend bool operator==(const FrameHeader&, const FrameHeader&) = default;
};

enum class FrameError {
    Truncated,  // fewer bytes than a header
    TooLarge,   // the header announces more than the negotiated maximum
};

std::string_view frame_error_message(FrameError error);

void encode_frame_header(const FrameHeader& header, std::span<std::byte, kFrameHeaderBytes> out);
FrameHeader decode_frame_header(std::span<const std::byte, kFrameHeaderBytes> in);

// Decodes and checks a header; the announced length is never trusted beyond `max_frame_bytes`.
Expected<FrameHeader, FrameError> parse_frame_header(std::span<const std::byte> bytes,
                                                     std::uint32_t max_frame_bytes);

// Serialises header + message into `out`, reusing its capacity (no allocation once it is large
// enough). Returns false if the message is larger than `max_frame_bytes`.
bool encode_frame(std::string& out, std::uint16_t kind, std::uint16_t flags,
                  std::uint64_t request_id, const google::protobuf::MessageLite& message,
                  std::uint32_t max_frame_bytes = kDefaultMaxFrameBytes);

struct FrameView {
    FrameHeader header;
    std::span<const std::byte> payload;
};

// Cuts frames out of a byte stream (the socket transport and the handshake). The buffer holds at
// most one header plus one maximal payload; a bad header poisons the decoder for good, because
// after it the stream has no frame boundary to resynchronise on.
class StreamFrameDecoder {
  public:
    explicit StreamFrameDecoder(std::uint32_t max_frame_bytes = kDefaultMaxFrameBytes);

    void append(std::span<const std::byte> bytes);
    // The next complete frame, std::nullopt while more bytes are needed. The payload view stays
    // valid until the next append() or next().
    Expected<std::optional<FrameView>, FrameError> next();

    std::size_t buffered_bytes() const { return buffer_.size() - read_offset_; }
    std::uint32_t max_frame_bytes() const { return max_frame_bytes_; }

  private:
    std::vector<std::byte> buffer_;
    std::size_t read_offset_ = 0;
    std::uint32_t max_frame_bytes_;
    std::optional<FrameError> failed_;
};

}  // namespace lapce_ai::ipc
