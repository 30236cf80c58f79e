#include "frame.h"

#include <google/protobuf/message_lite.h>

#include <algorithm>
#include <cstring>

namespace lapce_ai::ipc {
namespace {

template <typename T>
void store_le(std::byte* out, T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        out[i] = static_cast<std::byte>((value >> (8 * i)) & 0xffu);
    }
}

template <typename T>
T load_le(const std::byte* in) {
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        value |= static_cast<T>(std::to_integer<std::uint8_t>(in[i])) << (8 * i);
    }
    return value;
}

}  // namespace

std::string_view frame_error_message(FrameError error) {
    switch (error) {
        case FrameError::Truncated:
            return "frame truncated: fewer than 16 header bytes";
        case FrameError::TooLarge:
            return "frame too large: length exceeds the maximum frame size";
    }
    return "unknown frame error";
}

void encode_frame_header(const FrameHeader& header, std::span<std::byte, kFrameHeaderBytes> out) {
    store_le(out.data(), header.length);
    store_le(out.data() + 4, header.kind);
    store_le(out.data() + 6, header.flags);
    store_le(out.data() + 8, header.request_id);
}

FrameHeader decode_frame_header(std::span<const std::byte, kFrameHeaderBytes> in) {
    return FrameHeader{load_le<std::uint32_t>(in.data()), load_le<std::uint16_t>(in.data() + 4),
                       load_le<std::uint16_t>(in.data() + 6),
                       load_le<std::uint64_t>(in.data() + 8)};
}

Expected<FrameHeader, FrameError> parse_frame_header(std::span<const std::byte> bytes,
                                                     std::uint32_t max_frame_bytes) {
    if (bytes.size() < kFrameHeaderBytes) return unexpected(FrameError::Truncated);
    const FrameHeader header = decode_frame_header(bytes.first<kFrameHeaderBytes>());
    if (header.length > max_frame_bytes) return unexpected(FrameError::TooLarge);
    return header;
}

bool encode_frame(std::string& out, std::uint16_t kind, std::uint16_t flags,
                  std::uint64_t request_id, const google::protobuf::MessageLite& message,
                  std::uint32_t max_frame_bytes) {
    const std::size_t size = message.ByteSizeLong();
    if (size > max_frame_bytes) return false;
    out.resize(kFrameHeaderBytes + size);
    auto* bytes = reinterpret_cast<std::byte*>(out.data());
    encode_frame_header({static_cast<std::uint32_t>(size), kind, flags, request_id},
                        std::span<std::byte, kFrameHeaderBytes>(bytes, kFrameHeaderBytes));
    message.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(bytes) +
                                            kFrameHeaderBytes);
    return true;
}

StreamFrameDecoder::StreamFrameDecoder(std::uint32_t max_frame_bytes)
    : max_frame_bytes_(max_frame_bytes) {}

void StreamFrameDecoder::append(std::span<const std::byte> bytes) {
    if (read_offset_ > 0 && read_offset_ >= buffer_.size() / 2) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(read_offset_));
        read_offset_ = 0;
    }
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

Expected<std::optional<FrameView>, FrameError> StreamFrameDecoder::next() {
    if (failed_) return unexpected(*failed_);
    const std::span<const std::byte> pending(buffer_.data() + read_offset_, buffered_bytes());
    if (pending.size() < kFrameHeaderBytes) return std::optional<FrameView>{};
    auto header = parse_frame_header(pending, max_frame_bytes_);
    if (!header) {
        failed_ = header.error();
        return unexpected(header.error());
    }
    const std::size_t total = kFrameHeaderBytes + header->length;
    if (pending.size() < total) return std::optional<FrameView>{};
    read_offset_ += total;
    return std::optional<FrameView>{
        FrameView{*header, pending.subspan(kFrameHeaderBytes, header->length)}};
}

}  // namespace lapce_ai::ipc
