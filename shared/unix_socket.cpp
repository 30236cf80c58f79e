#include "unix_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace lapce_ai::ipc {
namespace {

int poll_timeout_ms(UnixSocket::Deadline deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count() + 1, 0, 1000));
}

SocketStatus wait_for(int fd, short events, UnixSocket::Deadline deadline) {
    while (true) {
        pollfd entry{fd, events, 0};
        const int ready = ::poll(&entry, 1, poll_timeout_ms(deadline));
        if (ready < 0 && errno != EINTR) return SocketStatus::Error;
        if (ready > 0) {
            if ((entry.revents & events) != 0) return SocketStatus::Ok;
            if ((entry.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) return SocketStatus::Closed;
        }
        if (std::chrono::steady_clock::now() >= deadline) return SocketStatus::Timeout;
    }
}

}  // namespace

Expected<UniqueFd, int> UnixSocket::connect(const std::string& path) {
    sockaddr_un address{};
    if (path.size() >= sizeof(address.sun_path)) return unexpected(ENAMETOOLONG);
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return unexpected(errno);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        return unexpected(errno);
    }
    return fd;
}

SocketStatus UnixSocket::send_all(int fd, std::span<const std::byte> bytes, Deadline deadline) {
    while (!bytes.empty()) {
        const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent > 0) {
            bytes = bytes.subspan(static_cast<std::size_t>(sent));
            continue;
        }
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (const SocketStatus status = wait_for(fd, POLLOUT, deadline);
                status != SocketStatus::Ok) {
                return status;
            }
            continue;
        }
        return (errno == EPIPE || errno == ECONNRESET) ? SocketStatus::Closed : SocketStatus::Error;
    }
    return SocketStatus::Ok;
}

SocketStatus UnixSocket::recv_exact(int fd, std::span<std::byte> out, Deadline deadline) {
    while (!out.empty()) {
        const ssize_t got = ::recv(fd, out.data(), out.size(), MSG_DONTWAIT);
        if (got > 0) {
            out = out.subspan(static_cast<std::size_t>(got));
            continue;
        }
        if (got == 0) return SocketStatus::Closed;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (const SocketStatus status = wait_for(fd, POLLIN, deadline);
                status != SocketStatus::Ok) {
                return status;
            }
            continue;
        }
        return errno == ECONNRESET ? SocketStatus::Closed : SocketStatus::Error;
    }
    return SocketStatus::Ok;
}

bool UnixSocket::peer_closed(int fd) {
    pollfd entry{fd, POLLRDHUP, 0};
    if (::poll(&entry, 1, 0) < 0) return errno != EINTR;
    return (entry.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

}  // namespace lapce_ai::ipc
