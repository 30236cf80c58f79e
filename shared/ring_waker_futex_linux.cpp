#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <climits>

#include "ring_waker.h"

namespace lapce_ai::ipc {
namespace {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));

class FutexWaker final : public RingWaker {
  public:
    void sleep(std::atomic<std::uint32_t>& word, std::uint32_t seen,
               std::chrono::microseconds timeout) override {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
        timespec relative{};
        relative.tv_sec = static_cast<time_t>(seconds.count());
        relative.tv_nsec = static_cast<long>((timeout - seconds).count() * 1000);
        // Not FUTEX_PRIVATE_FLAG: the word is shared between processes.
        ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT, seen, &relative,
                  nullptr, 0);
    }

    void wake(std::atomic<std::uint32_t>& word) override {
        ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, INT_MAX, nullptr,
                  nullptr, 0);
    }
};

}  // namespace

bool futex_available() {
    return true;
}

RingWaker& default_ring_waker() {
    static FutexWaker waker;
    return waker;
}

}  // namespace lapce_ai::ipc
