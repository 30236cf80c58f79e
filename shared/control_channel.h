#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>

#include "expected.h"

namespace lapce_ai::ipc {

enum class ChannelIo { Ok, Timeout, Closed, Error };

struct ConnectError {
    bool no_service = false;  // nothing listens at the address: starting a service may help
    std::string message;
};

// The client's end of the control connection to the service: a Unix domain socket on POSIX
// systems, a named pipe on Windows (what QLocalServer listens on). Calls block, each bounded by
// a deadline. Move-only; closes the connection on destruction.
class ControlChannel {
  public:
    using Deadline = std::chrono::steady_clock::time_point;
#ifdef _WIN32
    using Handle = void*;
#else
    using Handle = int;
#endif

    // `address` is RuntimePaths::socket_path (a socket path, or a \\.\pipe\ name on Windows).
    static Expected<ControlChannel, ConnectError> connect(const std::string& address);

    ControlChannel(ControlChannel&& other) noexcept;
    ControlChannel& operator=(ControlChannel&& other) noexcept;
    ControlChannel(const ControlChannel&) = delete;
    ControlChannel& operator=(const ControlChannel&) = delete;
    ~ControlChannel();

    ChannelIo send_all(std::span<const std::byte> bytes, Deadline deadline);
    ChannelIo recv_exact(std::span<std::byte> out, Deadline deadline);
    // Waits until bytes arrive (or the deadline passes) and reads what is there, at most
    // out.size() bytes; `received` is set on Ok.
    ChannelIo recv_some(std::span<std::byte> out, Deadline deadline, std::size_t& received);
    // True once the service has closed its end (never blocks).
    bool peer_closed() const;
    Handle native_handle() const {
        return handle_;
    }

  private:
    explicit ControlChannel(Handle handle) : handle_(handle) {}
    void close();

    Handle handle_;
};

}  // namespace lapce_ai::ipc
