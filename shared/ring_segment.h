#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "expected.h"
#include "ring_waker.h"
#include "shared_memory.h"
#include "spsc_ring.h"

namespace lapce_ai::ipc {

inline constexpr std::uint32_t kDefaultRingBytes = 256u * 1024u;
inline constexpr std::uint32_t kMinRingBytes = 4096;
inline constexpr std::uint32_t kMaxRingBytes = 64u * 1024u * 1024u;

// The layout at offset 0 of a session segment; ring data follows at data_offset().
struct SegmentHeader {
    std::uint32_t magic;
    std::uint32_t layout_version;
    std::uint32_t ring_bytes;
    std::uint32_t reserved;
    RingControl client_to_service;
    RingControl service_to_client;
};

struct SegmentError {
    enum class Code { Shm, BadMagic, BadLayout, BadRingSize };
    Code code = Code::Shm;
    ShmError shm{};
    std::string message() const;
};

// One session's shared memory: a header and two rings. Each side constructs it once (create on
// the service, attach on the client) and then only moves bytes through the rings.
class RingSegment {
  public:
    static Expected<RingSegment, SegmentError> create(const std::string& name,
                                                      std::uint32_t ring_bytes);
    static Expected<RingSegment, SegmentError> attach(const std::string& name,
                                                      std::uint32_t ring_bytes);
    static std::size_t segment_bytes(std::uint32_t ring_bytes);
    static bool valid_ring_bytes(std::uint32_t ring_bytes);

    // Switches both rings to the wake-up mechanism agreed in the handshake; the segment owns it.
    void adopt_waker(std::unique_ptr<RingWaker> waker) {
        waker_ = std::move(waker);
        client_to_service_.use_waker(*waker_);
        service_to_client_.use_waker(*waker_);
    }
    SegmentHeader& header();
    SpscRing& client_to_service() { return client_to_service_; }
    SpscRing& service_to_client() { return service_to_client_; }
    SharedMemory& memory() { return memory_; }

  private:
    explicit RingSegment(SharedMemory memory);

    SharedMemory memory_;
    SpscRing client_to_service_;
    SpscRing service_to_client_;
    std::unique_ptr<RingWaker> waker_;
};

}  // namespace lapce_ai::ipc
