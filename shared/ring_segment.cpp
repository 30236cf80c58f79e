#include "ring_segment.h"

#include <new>

namespace lapce_ai::ipc {
namespace {

constexpr std::uint32_t kMagic = 0x4c414952;  // "LAIR"
constexpr std::uint32_t kLayoutVersion = 1;

std::size_t data_offset() {
    return (sizeof(SegmentHeader) + kCacheLine - 1) / kCacheLine * kCacheLine;
}

SegmentHeader& header_of(SharedMemory& memory) {
    return *std::launder(reinterpret_cast<SegmentHeader*>(memory.data()));
}

}  // namespace

std::string SegmentError::message() const {
    switch (code) {
        case Code::Shm:
            return shm.message();
        case Code::BadMagic:
            return "shared memory segment has the wrong magic number";
        case Code::BadLayout:
            return "shared memory segment has an unsupported layout version";
        case Code::BadRingSize:
            return "ring size must be a power of two between 4 KiB and 64 MiB";
    }
    return "shared memory segment error";
}

bool RingSegment::valid_ring_bytes(std::uint32_t ring_bytes) {
    return ring_bytes >= kMinRingBytes && ring_bytes <= kMaxRingBytes &&
           (ring_bytes & (ring_bytes - 1)) == 0;
}

std::size_t RingSegment::segment_bytes(std::uint32_t ring_bytes) {
    return data_offset() + 2 * static_cast<std::size_t>(ring_bytes);
}

Expected<RingSegment, SegmentError> RingSegment::create(const std::string& name,
                                                        std::uint32_t ring_bytes) {
    if (!valid_ring_bytes(ring_bytes))
        return unexpected(SegmentError{SegmentError::Code::BadRingSize});
    auto memory = SharedMemory::create(name, segment_bytes(ring_bytes));
    if (!memory) return unexpected(SegmentError{SegmentError::Code::Shm, memory.error()});
    // ftruncate zero-fills, so every atomic starts at 0; construct the header in place.
    auto* header = new (memory->data()) SegmentHeader{};
    header->magic = kMagic;
    header->layout_version = kLayoutVersion;
    header->ring_bytes = ring_bytes;
    return RingSegment(std::move(memory).value());
}

Expected<RingSegment, SegmentError> RingSegment::attach(const std::string& name,
                                                        std::uint32_t ring_bytes) {
    if (!valid_ring_bytes(ring_bytes))
        return unexpected(SegmentError{SegmentError::Code::BadRingSize});
    auto memory = SharedMemory::open(name, segment_bytes(ring_bytes));
    if (!memory) return unexpected(SegmentError{SegmentError::Code::Shm, memory.error()});
    const SegmentHeader& header = header_of(*memory);
    if (header.magic != kMagic) return unexpected(SegmentError{SegmentError::Code::BadMagic});
    if (header.layout_version != kLayoutVersion) {
        return unexpected(SegmentError{SegmentError::Code::BadLayout});
    }
    if (header.ring_bytes != ring_bytes) {
        return unexpected(SegmentError{SegmentError::Code::BadRingSize});
    }
    return RingSegment(std::move(memory).value());
}

SegmentHeader& RingSegment::header() {
    return header_of(memory_);
}

RingSegment::RingSegment(SharedMemory memory)
    : memory_(std::move(memory)),
      client_to_service_(header_of(memory_).client_to_service, memory_.data() + data_offset(),
                         header_of(memory_).ring_bytes),
      service_to_client_(header_of(memory_).service_to_client,
                         memory_.data() + data_offset() + header_of(memory_).ring_bytes,
                         header_of(memory_).ring_bytes) {}

}  // namespace lapce_ai::ipc
