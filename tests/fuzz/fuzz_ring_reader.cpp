// libFuzzer harness for read_frame over an SpscRing whose control block and contents the peer
// controls (in production they live in shared memory that the other process can scribble on).
//
// The input (layout in fuzz_common.h) picks the capacity, max_frame_bytes, arbitrary head/tail
// positions, the futex words and the ring contents. The ring data is a heap block of exactly
// `capacity` bytes, so AddressSanitizer reports any access outside it.
//
// Default mode: the peer is frozen, the deadline has already passed and the wait policy has no
// spin/yield rounds, so read_frame must return at once. Its status and the new tail are compared
// with a model of the ring; the ring contents and head must be left untouched.
//
// "Live peer" mode: the deadline lies 200 ms ahead and the ring's RingWaker + LivenessCheck play
// the peer: each time the reader would sleep, the peer publishes more bytes (or garbage positions)
// by moving head, and then may declare itself gone. This reaches the re-checks after a wait.

#include <chrono>
#include <cstring>
#include <memory>
#include <string>

#include "frame.h"
#include "frame_ring_io.h"
#include "fuzz_common.h"
#include "ring_waker.h"
#include "spsc_ring.h"

namespace {

using namespace lapce_ai::ipc;
using namespace lapce_ai::fuzz;
using Clock = std::chrono::steady_clock;

// The peer in "live" mode. The ring sleeps through its RingWaker, so instead of sleeping this
// waker lets the peer act: each sleep publishes the next increment of head (more bytes, or
// impossible positions); the liveness check that follows says whether the peer is still there.
class ScriptedPeer final : public RingWaker, public LivenessCheck {
  public:
    ScriptedPeer(RingControl& control, const std::uint32_t (&increments)[4], std::uint8_t keep_mask)
        : control_(control), increments_(increments), keep_mask_(keep_mask) {}

    void sleep(std::atomic<std::uint32_t>&, std::uint32_t, std::chrono::microseconds) override {
        if (step_ < 4) control_.head.fetch_add(increments_[step_], std::memory_order_release);
        ++step_;
    }
    void wake(std::atomic<std::uint32_t>&) override {}
    bool keep_waiting() override { return step_ <= 4 && ((keep_mask_ >> (step_ - 1)) & 1u) != 0; }

  private:
    RingControl& control_;
    const std::uint32_t (&increments_)[4];
    std::uint8_t keep_mask_;
    int step_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < kRingPrefixBytes) return 0;
    const std::uint32_t capacity = 1u << (data[0] % 13);
    const std::uint32_t mask = capacity - 1;
    const std::uint32_t max_frame_bytes = kRingMax[data[1] % std::size(kRingMax)];
    const bool relative_tail = (data[2] & kRingFlagRelativeTail) != 0;
    const bool live = (data[2] & kRingFlagLivePeer) != 0;
    const std::uint64_t head = load_u64(data + 3);
    const std::uint64_t tail = relative_tail ? head - load_u32(data + 11) : load_u64(data + 11);
    std::uint32_t increments[4];
    for (int i = 0; i < 4; ++i) increments[i] = load_u32(data + 23 + 4 * i);
    const std::uint8_t keep_mask = data[39];

    // Exactly `capacity` bytes on the heap: one byte beyond is an ASan report.
    std::unique_ptr<std::byte[]> ring_data(new std::byte[capacity]());
    const std::size_t content = std::min<std::size_t>(size - kRingPrefixBytes, capacity);
    for (std::size_t i = 0; i < content; ++i) {
        ring_data[(tail + i) & mask] = static_cast<std::byte>(data[kRingPrefixBytes + i]);
    }
    const std::unique_ptr<std::byte[]> snapshot(new std::byte[capacity]);
    std::memcpy(snapshot.get(), ring_data.get(), capacity);

    auto control = std::make_unique<RingControl>();
    control->head.store(head);
    control->tail.store(tail);
    const std::uint32_t consumer_sleeping = data[19];
    const std::uint32_t producer_sleeping = data[20];
    control->consumer_sleeping.store(consumer_sleeping);
    control->producer_sleeping.store(producer_sleeping);
    control->data_signal.store(data[21]);
    control->space_signal.store(data[22]);

    ScriptedPeer peer(*control, increments, keep_mask);
    // A frozen peer keeps the ring's default waker (never asked to sleep, since the deadline has
    // passed, but asked to wake a producer whose sleeping flag the input set).
    SpscRing ring(*control, ring_data.get(), capacity);
    if (live) ring.use_waker(peer);
    FUZZ_CHECK(ring.capacity() == capacity);

    WaitContext wait;
    wait.policy = WaitPolicy{0, 0, std::chrono::microseconds(1)};
    if (live) {
        wait.deadline = Clock::now() + std::chrono::milliseconds(200);
        wait.liveness = &peer;
    } else {
        wait.deadline = Clock::now() - std::chrono::seconds(1);  // already past
    }

    // The model's view of the ring contents at an absolute position.
    auto byte_at = [&](std::uint64_t position) { return snapshot[position & mask]; };

    FrameHeader header;
    // Reused across inputs like Session::ring_loop reuses its buffer across frames (its capacity
    // is kept; read_frame resizes it). A fresh 16 MiB allocation per input would cost more than
    // everything else the harness does.
    static std::string payload;
    for (int call = 0; call < 16; ++call) {
        const std::uint64_t tail_before = control->tail.load();
        const std::uint64_t head_before = control->head.load();
        const std::uint64_t available = head_before - tail_before;
        const auto started = Clock::now();
        const ChannelStatus status = read_frame(ring, wait, max_frame_bytes, header, payload);
        const auto elapsed = Clock::now() - started;
        const std::uint64_t tail_after = control->tail.load();
        const std::uint64_t head_after = control->head.load();

        // The consumer never writes the ring contents, and head only moves by the peer's hand.
        FUZZ_CHECK(std::memcmp(ring_data.get(), snapshot.get(), capacity) == 0);
        if (!live) FUZZ_CHECK(head_after == head_before);
        // Sleeping flags are cleared on every way out of a wait, never set behind our back.
        const std::uint32_t consumer_flag = control->consumer_sleeping.load();
        FUZZ_CHECK(consumer_flag == 0 || consumer_flag == consumer_sleeping);
        const std::uint32_t producer_flag = control->producer_sleeping.load();
        FUZZ_CHECK(producer_flag == 0 || producer_flag == producer_sleeping);
        // Prompt: no spinning, no sleeping past a deadline that has already gone by.
        FUZZ_CHECK(elapsed < std::chrono::seconds(live ? 2 : 1));

        // Whatever the outcome, the bytes consumed are exactly the ones between the positions.
        auto header_from_model = [&] {
            std::byte raw[kFrameHeaderBytes];
            for (std::size_t i = 0; i < kFrameHeaderBytes; ++i) raw[i] = byte_at(tail_before + i);
            return decode_frame_header(raw);
        };
        auto check_ok = [&] {
            const FrameHeader expected = header_from_model();
            FUZZ_CHECK(header == expected);
            FUZZ_CHECK(header.length <= max_frame_bytes);
            FUZZ_CHECK(payload.size() == header.length);
            for (std::size_t i = 0; i < payload.size(); ++i) {
                FUZZ_CHECK(static_cast<std::byte>(payload[i]) ==
                           byte_at(tail_before + kFrameHeaderBytes + i));
            }
            FUZZ_CHECK(tail_after == tail_before + kFrameHeaderBytes + header.length);
        };

        if (live) {
            switch (status) {
                case ChannelStatus::Ok:
                    check_ok();
                    break;
                case ChannelStatus::FrameTooLarge:
                    FUZZ_CHECK(header_from_model().length > max_frame_bytes);
                    FUZZ_CHECK(tail_after == tail_before + kFrameHeaderBytes);
                    break;
                case ChannelStatus::Corrupted:
                    // Only positions more than a ring apart are called corrupt.
                    FUZZ_CHECK(head_after - tail_after > capacity);
                    break;
                case ChannelStatus::Timeout:
                case ChannelStatus::PeerGone:
                    break;
            }
            // Never consumes bytes that were not published.
            FUZZ_CHECK(tail_after - tail_before <= head_after - tail_before);
            if (status != ChannelStatus::Ok) break;
            continue;
        }

        if (available > capacity) {
            FUZZ_CHECK(status == ChannelStatus::Corrupted);
            FUZZ_CHECK(tail_after == tail_before);
        } else if (available < kFrameHeaderBytes) {
            FUZZ_CHECK(status == ChannelStatus::Timeout);
            FUZZ_CHECK(tail_after == head_before);  // the partial header was consumed
        } else if (const FrameHeader expected = header_from_model();
                   expected.length > max_frame_bytes) {
            FUZZ_CHECK(status == ChannelStatus::FrameTooLarge);
            FUZZ_CHECK(tail_after == tail_before + kFrameHeaderBytes);
        } else if (available - kFrameHeaderBytes < expected.length) {
            FUZZ_CHECK(status == ChannelStatus::Timeout);
            FUZZ_CHECK(tail_after == head_before);
        } else {
            FUZZ_CHECK(status == ChannelStatus::Ok);
            check_ok();
        }
        if (status != ChannelStatus::Ok) break;
    }
    return 0;
}
