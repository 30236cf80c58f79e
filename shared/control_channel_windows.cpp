// Windows: the control connection is the named pipe that QLocalServer listens on. Overlapped
// I/O gives every call a deadline.
#include <windows.h>

#include <utility>

#include "control_channel.h"

namespace lapce_ai::ipc {
namespace {

std::wstring widen(const std::string& text) {
    if (text.empty()) return {};
    const int length =
        ::MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
    std::wstring wide(static_cast<std::size_t>(length), L'\0');
    ::MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), wide.data(),
                          length);
    return wide;
}

DWORD milliseconds_left(ControlChannel::Deadline deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return left.count() <= 0 ? 0 : static_cast<DWORD>(left.count());
}

bool is_closed_error(DWORD error) {
    return error == ERROR_BROKEN_PIPE || error == ERROR_NO_DATA ||
           error == ERROR_PIPE_NOT_CONNECTED;
}

// One overlapped ReadFile/WriteFile, waited for until the deadline. `done` is the bytes moved
// even when the wait timed out (the operation is cancelled then).
ChannelIo transfer(HANDLE pipe, bool write, void* data, DWORD size,
                   ControlChannel::Deadline deadline, DWORD& done) {
    done = 0;
    OVERLAPPED overlapped{};
    overlapped.hEvent = ::CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (overlapped.hEvent == nullptr) return ChannelIo::Error;
    const BOOL started = write ? ::WriteFile(pipe, data, size, nullptr, &overlapped)
                               : ::ReadFile(pipe, data, size, nullptr, &overlapped);
    ChannelIo result = ChannelIo::Ok;
    if (!started && ::GetLastError() != ERROR_IO_PENDING) {
        result = is_closed_error(::GetLastError()) ? ChannelIo::Closed : ChannelIo::Error;
    } else if (::WaitForSingleObject(overlapped.hEvent, milliseconds_left(deadline)) ==
               WAIT_TIMEOUT) {
        ::CancelIoEx(pipe, &overlapped);
        ::GetOverlappedResult(pipe, &overlapped, &done, TRUE);
        result = ChannelIo::Timeout;
    } else if (!::GetOverlappedResult(pipe, &overlapped, &done, FALSE)) {
        result = is_closed_error(::GetLastError()) ? ChannelIo::Closed : ChannelIo::Error;
    } else if (!write && done == 0) {
        result = ChannelIo::Closed;
    }
    ::CloseHandle(overlapped.hEvent);
    return result;
}

}  // namespace

Expected<ControlChannel, ConnectError> ControlChannel::connect(const std::string& address) {
    const std::wstring name = widen(address);
    for (int attempt = 0; attempt < 2; ++attempt) {
        HANDLE pipe = ::CreateFileW(name.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr,
                                    OPEN_EXISTING, FILE_FLAG_OVERLAPPED, nullptr);
        if (pipe != INVALID_HANDLE_VALUE) {
            DWORD mode = PIPE_READMODE_BYTE;
            ::SetNamedPipeHandleState(pipe, &mode, nullptr, nullptr);
            return ControlChannel(pipe);
        }
        const DWORD error = ::GetLastError();
        // Every pipe instance is taken for a moment: wait for one once.
        if (error == ERROR_PIPE_BUSY && attempt == 0 && ::WaitNamedPipeW(name.c_str(), 1000))
            continue;
        return unexpected(
            ConnectError{error == ERROR_FILE_NOT_FOUND,
                         "no service at " + address + ": error " + std::to_string(error)});
    }
    return unexpected(ConnectError{false, "the service at " + address + " is busy"});
}

ControlChannel::ControlChannel(ControlChannel&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)) {}

ControlChannel& ControlChannel::operator=(ControlChannel&& other) noexcept {
    if (this != &other) {
        close();
        handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
}

ControlChannel::~ControlChannel() {
    close();
}

void ControlChannel::close() {
    if (handle_ != nullptr) ::CloseHandle(std::exchange(handle_, nullptr));
}

ChannelIo ControlChannel::send_all(std::span<const std::byte> bytes, Deadline deadline) {
    while (!bytes.empty()) {
        DWORD done = 0;
        const ChannelIo io = transfer(handle_, true, const_cast<std::byte*>(bytes.data()),
                                      static_cast<DWORD>(bytes.size()), deadline, done);
        bytes = bytes.subspan(done);
        if (io != ChannelIo::Ok) return io;
    }
    return ChannelIo::Ok;
}

ChannelIo ControlChannel::recv_exact(std::span<std::byte> out, Deadline deadline) {
    while (!out.empty()) {
        DWORD done = 0;
        const ChannelIo io =
            transfer(handle_, false, out.data(), static_cast<DWORD>(out.size()), deadline, done);
        out = out.subspan(done);
        if (io != ChannelIo::Ok) return io;
    }
    return ChannelIo::Ok;
}

ChannelIo ControlChannel::recv_some(std::span<std::byte> out, Deadline deadline,
                                    std::size_t& received) {
    DWORD done = 0;
    const ChannelIo io =
        transfer(handle_, false, out.data(), static_cast<DWORD>(out.size()), deadline, done);
    received = done;
    return done > 0 ? ChannelIo::Ok : io;
}

bool ControlChannel::peer_closed() const {
    DWORD available = 0;
    if (::PeekNamedPipe(handle_, nullptr, 0, nullptr, &available, nullptr)) return false;
    return is_closed_error(::GetLastError());
}

}  // namespace lapce_ai::ipc
