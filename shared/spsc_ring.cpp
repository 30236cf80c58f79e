#include "spsc_ring.h"

#include <thread>

#include <algorithm>
#include <cassert>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LAPCE_AI_CPU_RELAX() _mm_pause()
#else
#define LAPCE_AI_CPU_RELAX() std::atomic_signal_fence(std::memory_order_seq_cst)
#endif

namespace lapce_ai::ipc {

SpscRing::SpscRing(RingControl& control, std::byte* data, std::uint32_t capacity, RingWaker& waker)
    : control_(control), data_(data), capacity_(capacity), mask_(capacity - 1), waker_(&waker) {
    assert(capacity > 0 && (capacity & (capacity - 1)) == 0);
}

std::size_t SpscRing::readable_bytes() const {
    return static_cast<std::size_t>(control_.head.load(std::memory_order_acquire) -
                                    control_.tail.load(std::memory_order_relaxed));
}

void SpscRing::wake_all() {
    control_.data_signal.fetch_add(1, std::memory_order_release);
    waker_->wake(control_.data_signal);
    control_.space_signal.fetch_add(1, std::memory_order_release);
    waker_->wake(control_.space_signal);
}

// The position stores, the sleeping-flag stores and the loads that follow them are all seq_cst
// (Dekker's pattern): either the sleeper sees the new position before it sleeps, or the other
// side sees its flag and wakes it. No fences: ThreadSanitizer cannot model them.
void SpscRing::notify_consumer() {
    if (control_.consumer_sleeping.load(std::memory_order_seq_cst) != 0 &&
        control_.consumer_sleeping.exchange(0, std::memory_order_acq_rel) != 0) {
        control_.data_signal.fetch_add(1, std::memory_order_release);
        waker_->wake(control_.data_signal);
    }
}

void SpscRing::notify_producer() {
    if (control_.producer_sleeping.load(std::memory_order_seq_cst) != 0 &&
        control_.producer_sleeping.exchange(0, std::memory_order_acq_rel) != 0) {
        control_.space_signal.fetch_add(1, std::memory_order_release);
        waker_->wake(control_.space_signal);
    }
}

RingStatus SpscRing::wait_for(bool for_data, const WaitContext& wait) {
    auto ready = [&] {
        const std::uint64_t head = control_.head.load(std::memory_order_acquire);
        const std::uint64_t tail = control_.tail.load(std::memory_order_acquire);
        return for_data ? head != tail : head - tail < capacity_;
    };
    for (int i = 0; i < wait.policy.spin_iterations; ++i) {
        if (ready()) return RingStatus::Ok;
        LAPCE_AI_CPU_RELAX();
    }
    for (int i = 0; i < wait.policy.yield_iterations; ++i) {
        if (ready()) return RingStatus::Ok;
        std::this_thread::yield();
    }
    auto ready_after_flag = [&] {
        const std::uint64_t head = control_.head.load(std::memory_order_seq_cst);
        const std::uint64_t tail = control_.tail.load(std::memory_order_seq_cst);
        return for_data ? head != tail : head - tail < capacity_;
    };
    auto& signal = for_data ? control_.data_signal : control_.space_signal;
    auto& sleeping = for_data ? control_.consumer_sleeping : control_.producer_sleeping;
    while (true) {
        const std::uint32_t seen = signal.load(std::memory_order_acquire);
        sleeping.store(1, std::memory_order_seq_cst);
        if (ready_after_flag()) {
            sleeping.store(0, std::memory_order_relaxed);
            return RingStatus::Ok;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= wait.deadline) {
            sleeping.store(0, std::memory_order_relaxed);
            return RingStatus::Timeout;
        }
        auto slice = wait.policy.sleep_slice;
        if (wait.deadline - now < slice) {
            slice = std::chrono::duration_cast<std::chrono::microseconds>(wait.deadline - now) +
                    std::chrono::microseconds(1);
        }
        waker_->sleep(signal, seen, slice);
        if (ready()) {
            sleeping.store(0, std::memory_order_relaxed);
            return RingStatus::Ok;
        }
        if (wait.liveness != nullptr && !wait.liveness->keep_waiting()) {
            sleeping.store(0, std::memory_order_relaxed);
            return RingStatus::PeerGone;
        }
    }
}

RingStatus SpscRing::write(std::span<const std::byte> bytes, const WaitContext& wait) {
    while (!bytes.empty()) {
        const std::uint64_t head = control_.head.load(std::memory_order_relaxed);
        std::uint64_t used = head - control_.tail.load(std::memory_order_acquire);
        if (used > capacity_) return RingStatus::Corrupted;
        if (used == capacity_) {
            if (const RingStatus status = wait_for(false, wait); status != RingStatus::Ok) {
                return status;
            }
            used = head - control_.tail.load(std::memory_order_acquire);
            if (used > capacity_) return RingStatus::Corrupted;
        }
        const std::size_t chunk = std::min<std::size_t>(bytes.size(), capacity_ - used);
        const std::size_t offset = head & mask_;
        const std::size_t first = std::min<std::size_t>(chunk, capacity_ - offset);
        std::memcpy(data_ + offset, bytes.data(), first);
        std::memcpy(data_, bytes.data() + first, chunk - first);
        control_.head.store(head + chunk, std::memory_order_seq_cst);
        notify_consumer();
        bytes = bytes.subspan(chunk);
    }
    return RingStatus::Ok;
}

RingStatus SpscRing::wait_readable(const WaitContext& wait) {
    const std::uint64_t tail = control_.tail.load(std::memory_order_relaxed);
    const std::uint64_t available = control_.head.load(std::memory_order_acquire) - tail;
    if (available > capacity_) return RingStatus::Corrupted;
    if (available > 0) return RingStatus::Ok;
    return wait_for(true, wait);
}

RingStatus SpscRing::read(std::span<std::byte> out, const WaitContext& wait) {
    while (!out.empty()) {
        const std::uint64_t tail = control_.tail.load(std::memory_order_relaxed);
        std::uint64_t available = control_.head.load(std::memory_order_acquire) - tail;
        if (available > capacity_) return RingStatus::Corrupted;
        if (available == 0) {
            if (const RingStatus status = wait_for(true, wait); status != RingStatus::Ok) {
                return status;
            }
            available = control_.head.load(std::memory_order_acquire) - tail;
            if (available > capacity_) return RingStatus::Corrupted;
        }
        const std::size_t chunk = std::min<std::size_t>(out.size(), available);
        const std::size_t offset = tail & mask_;
        const std::size_t first = std::min<std::size_t>(chunk, capacity_ - offset);
        std::memcpy(out.data(), data_ + offset, first);
        std::memcpy(out.data() + first, data_, chunk - first);
        control_.tail.store(tail + chunk, std::memory_order_seq_cst);
        notify_producer();
        out = out.subspan(chunk);
    }
    return RingStatus::Ok;
}

}  // namespace lapce_ai::ipc
