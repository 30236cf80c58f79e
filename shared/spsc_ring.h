#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

#include "ring_waker.h"

namespace lapce_ai::ipc {

inline constexpr std::size_t kCacheLine = 64;

// The control block of one ring, placed in shared memory. Positions count bytes ever written or
// read, so `head - tail` is the fill level and no pointer is ever stored.
struct RingControl {
    alignas(kCacheLine) std::atomic<std::uint64_t> head;  // advanced by the producer
    alignas(kCacheLine) std::atomic<std::uint64_t> tail;  // advanced by the consumer
    // Futex words: bumped by the other side when it wakes a sleeper.
    alignas(kCacheLine) std::atomic<std::uint32_t> data_signal;
    std::atomic<std::uint32_t> consumer_sleeping;
    alignas(kCacheLine) std::atomic<std::uint32_t> space_signal;
    std::atomic<std::uint32_t> producer_sleeping;
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

enum class RingStatus {
    Ok,
    Timeout,    // the deadline passed
    PeerGone,   // the liveness check says the other side is gone, or we were asked to stop
    Corrupted,  // the positions in shared memory are impossible: the peer wrote garbage
};

// Asked while a ring operation sleeps; returning false aborts the wait with PeerGone.
class LivenessCheck {
  public:
    virtual bool keep_waiting() = 0;

  protected:
    ~LivenessCheck() = default;
};

struct WaitPolicy {
    int spin_iterations = 200;                    // busy polls before yielding the core
    int yield_iterations = 20;                    // sched_yield() rounds before sleeping
    std::chrono::microseconds sleep_slice{2000};  // sleep between liveness checks
};

struct WaitContext {
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    LivenessCheck* liveness = nullptr;
    WaitPolicy policy{};
};

// A single-producer/single-consumer byte ring over memory it does not own. Writes and reads may
// be larger than the capacity: they proceed in pieces as the other side makes room, so a frame
// of any permitted size flows through a fixed amount of memory (backpressure, bounded by the
// deadline). The producer wakes the consumer only when the consumer sleeps, and vice versa.
class SpscRing {
  public:
    SpscRing(RingControl& control, std::byte* data, std::uint32_t capacity,
             RingWaker& waker = default_ring_waker());

    // Both sides must use the mechanism agreed in the handshake.
    void use_waker(RingWaker& waker) { waker_ = &waker; }

    // Producer side.
    RingStatus write(std::span<const std::byte> bytes, const WaitContext& wait);
    // Consumer side: fills `out` completely.
    RingStatus read(std::span<std::byte> out, const WaitContext& wait);
    // Consumer side: waits until at least one byte is readable.
    RingStatus wait_readable(const WaitContext& wait);

    std::size_t readable_bytes() const;
    std::uint32_t capacity() const { return capacity_; }

    // Wakes a consumer or producer sleeping on this ring so that it re-runs its liveness check.
    void wake_all();

  private:
    RingStatus wait_for(bool for_data, const WaitContext& wait);
    void notify_consumer();
    void notify_producer();

    RingControl& control_;
    std::byte* data_;
    std::uint32_t capacity_;
    std::uint32_t mask_;
    RingWaker* waker_;
};

}  // namespace lapce_ai::ipc
