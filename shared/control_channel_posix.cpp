#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "control_channel.h"
#include "unix_socket.h"

namespace lapce_ai::ipc {
namespace {

ChannelIo to_channel_io(SocketStatus status) {
    switch (status) {
        case SocketStatus::Ok:
            return ChannelIo::Ok;
        case SocketStatus::Timeout:
            return ChannelIo::Timeout;
        case SocketStatus::Closed:
            return ChannelIo::Closed;
        case SocketStatus::Error:
            return ChannelIo::Error;
    }
    return ChannelIo::Error;
}

}  // namespace

Expected<ControlChannel, ConnectError> ControlChannel::connect(const std::string& address) {
    auto fd = UnixSocket::connect(address);
    if (!fd) {
        const int error = fd.error();
        return unexpected(ConnectError{error == ENOENT || error == ECONNREFUSED,
                                       "no service at " + address + ": " + std::strerror(error)});
    }
    UniqueFd owned = std::move(fd).value();
    return ControlChannel(owned.release());
}

ControlChannel::ControlChannel(ControlChannel&& other) noexcept
    : handle_(std::exchange(other.handle_, -1)) {}

ControlChannel& ControlChannel::operator=(ControlChannel&& other) noexcept {
    if (this != &other) {
        close();
        handle_ = std::exchange(other.handle_, -1);
    }
    return *this;
}

ControlChannel::~ControlChannel() {
    close();
}

void ControlChannel::close() {
    UniqueFd closing(std::exchange(handle_, -1));
}

ChannelIo ControlChannel::send_all(std::span<const std::byte> bytes, Deadline deadline) {
    return to_channel_io(UnixSocket::send_all(handle_, bytes, deadline));
}

ChannelIo ControlChannel::recv_exact(std::span<std::byte> out, Deadline deadline) {
    return to_channel_io(UnixSocket::recv_exact(handle_, out, deadline));
}

ChannelIo ControlChannel::recv_some(std::span<std::byte> out, Deadline deadline,
                                    std::size_t& received) {
    while (true) {
        const ssize_t got = ::recv(handle_, out.data(), out.size(), MSG_DONTWAIT);
        if (got > 0) {
            received = static_cast<std::size_t>(got);
            return ChannelIo::Ok;
        }
        if (got == 0) return ChannelIo::Closed;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return ChannelIo::Closed;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() < 0) return ChannelIo::Timeout;
        pollfd entry{handle_, POLLIN, 0};
        if (::poll(&entry, 1, static_cast<int>(left.count()) + 1) == 0 &&
            std::chrono::steady_clock::now() >= deadline) {
            return ChannelIo::Timeout;
        }
    }
}

bool ControlChannel::peer_closed() const {
    return UnixSocket::peer_closed(handle_);
}

}  // namespace lapce_ai::ipc
