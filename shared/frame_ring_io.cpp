#include "frame_ring_io.h"

#include <array>

namespace lapce_ai::ipc {

ChannelStatus to_channel_status(RingStatus status) {
    switch (status) {
        case RingStatus::Ok:
            return ChannelStatus::Ok;
        case RingStatus::Timeout:
            return ChannelStatus::Timeout;
        case RingStatus::PeerGone:
            return ChannelStatus::PeerGone;
        case RingStatus::Corrupted:
            return ChannelStatus::Corrupted;
    }
    return ChannelStatus::Corrupted;
}

ChannelStatus read_frame(SpscRing& ring, const WaitContext& wait, std::uint32_t max_frame_bytes,
                         FrameHeader& header, std::string& payload) {
    std::array<std::byte, kFrameHeaderBytes> raw{};
    if (const RingStatus status = ring.read(raw, wait); status != RingStatus::Ok) {
        return to_channel_status(status);
    }
    auto parsed = parse_frame_header(raw, max_frame_bytes);
    if (!parsed) return ChannelStatus::FrameTooLarge;
    header = *parsed;
    payload.resize(header.length);
    return to_channel_status(ring.read(
        std::span<std::byte>(reinterpret_cast<std::byte*>(payload.data()), payload.size()), wait));
}

}  // namespace lapce_ai::ipc
