#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "frame.h"
#include "spsc_ring.h"

namespace lapce_ai::ipc {

enum class ChannelStatus { Ok, Timeout, PeerGone, Corrupted, FrameTooLarge };

ChannelStatus to_channel_status(RingStatus status);

// Reads one whole frame from a ring into `payload` (its capacity is reused). On Timeout or
// PeerGone part of the frame may already be consumed: the ring has then lost its frame boundary
// and must not be read again.
ChannelStatus read_frame(SpscRing& ring, const WaitContext& wait, std::uint32_t max_frame_bytes,
                         FrameHeader& header, std::string& payload);

}  // namespace lapce_ai::ipc
