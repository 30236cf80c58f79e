// Platforms without a futex: until the handshake's waker is adopted, a ring side simply sleeps
// for its slice and looks again.
#include <thread>

#include "ring_waker.h"

namespace lapce_ai::ipc {
namespace {

class TimedSleepWaker final : public RingWaker {
  public:
    void sleep(std::atomic<std::uint32_t>& word, std::uint32_t seen,
               std::chrono::microseconds timeout) override {
        if (word.load(std::memory_order_acquire) == seen) std::this_thread::sleep_for(timeout);
    }
    void wake(std::atomic<std::uint32_t>&) override {}
};

}  // namespace

bool futex_available() {
    return false;
}

RingWaker& default_ring_waker() {
    static TimedSleepWaker waker;
    return waker;
}

}  // namespace lapce_ai::ipc
