#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>

#include "expected.h"
#include "unique_fd.h"

namespace lapce_ai::ipc {

enum class SocketStatus { Ok, Timeout, Closed, Error };

// Blocking helpers over a connected AF_UNIX stream socket; every wait is bounded by a deadline.
struct UnixSocket {
    using Deadline = std::chrono::steady_clock::time_point;

    // errno of the failed connect() on error (ENOENT / ECONNREFUSED mean "no service there").
    static Expected<UniqueFd, int> connect(const std::string& path);
    static SocketStatus send_all(int fd, std::span<const std::byte> bytes, Deadline deadline);
    static SocketStatus recv_exact(int fd, std::span<std::byte> out, Deadline deadline);
    // True when the peer has closed its end or the socket failed (never blocks).
    static bool peer_closed(int fd);
};

}  // namespace lapce_ai::ipc
