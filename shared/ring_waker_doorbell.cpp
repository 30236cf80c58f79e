#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>

#include "ring_waker.h"

namespace lapce_ai::ipc {

void DoorbellWaker::sleep(std::atomic<std::uint32_t>& word, std::uint32_t seen,
                          std::chrono::microseconds timeout) {
    if (word.load(std::memory_order_acquire) != seen) return;
    pollfd entry{fd_, POLLIN, 0};
    const auto milliseconds = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
    if (::poll(&entry, 1, static_cast<int>(milliseconds)) <= 0) return;
    if ((entry.revents & POLLIN) == 0) return;  // hang-up or error: the liveness check decides
    std::array<char, 256> drained{};
    while (::recv(fd_, drained.data(), drained.size(), MSG_DONTWAIT) > 0) {
    }
}

void DoorbellWaker::wake(std::atomic<std::uint32_t>&) {
    const char ring = 1;
    // EAGAIN: the socket is full of doorbells already, so the peer is being woken anyway.
    [[maybe_unused]] const ssize_t sent = ::send(fd_, &ring, 1, MSG_DONTWAIT | MSG_NOSIGNAL);
}

}  // namespace lapce_ai::ipc
