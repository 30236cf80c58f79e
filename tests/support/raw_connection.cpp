#include "raw_connection.h"

#include <poll.h>
#include <sys/socket.h>

#include <QFile>

#include <array>

#include "unix_socket.h"

namespace lapce_ai::testing {

using Clock = std::chrono::steady_clock;

bool RawConnection::connect(const QString& socket_path) {
    auto fd = ipc::UnixSocket::connect(QFile::encodeName(socket_path).toStdString());
    if (!fd) return false;
    fd_ = std::move(fd).value();
    return true;
}

bool RawConnection::send_bytes(const QByteArray& bytes) {
    return ipc::UnixSocket::send_all(fd_.get(),
                                     {reinterpret_cast<const std::byte*>(bytes.constData()),
                                      static_cast<std::size_t>(bytes.size())},
                                     Clock::now() + std::chrono::seconds(5)) ==
           ipc::SocketStatus::Ok;
}

bool RawConnection::send_frame(std::uint16_t kind, std::uint64_t request_id,
                               const google::protobuf::MessageLite& message, std::uint16_t flags) {
    std::string buffer;
    ipc::encode_frame(buffer, kind, flags, request_id, message);
    return send_bytes(QByteArray(buffer.data(), static_cast<qsizetype>(buffer.size())));
}

bool RawConnection::send_hello(const std::string& token, std::uint32_t version,
                               ipc::proto::Transport transport) {
    ipc::proto::Hello hello;
    hello.set_protocol_version(version);
    hello.set_client_name("raw-test-client");
    hello.set_token(token);
    hello.set_transport(transport);
    return send_frame(ipc::proto::HELLO, 0, hello);
}

std::optional<ReceivedFrame> RawConnection::receive(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::array<std::byte, ipc::kFrameHeaderBytes> raw{};
    if (ipc::UnixSocket::recv_exact(fd_.get(), raw, deadline) != ipc::SocketStatus::Ok)
        return std::nullopt;
    ReceivedFrame frame;
    frame.header = ipc::decode_frame_header(raw);
    frame.payload.resize(static_cast<qsizetype>(frame.header.length));
    if (ipc::UnixSocket::recv_exact(fd_.get(),
                                    {reinterpret_cast<std::byte*>(frame.payload.data()),
                                     static_cast<std::size_t>(frame.payload.size())},
                                    deadline) != ipc::SocketStatus::Ok) {
        return std::nullopt;
    }
    return frame;
}

bool RawConnection::closed_by_peer(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::array<char, 4096> sink{};
    while (Clock::now() < deadline) {
        pollfd entry{fd_.get(), POLLIN, 0};
        if (::poll(&entry, 1, 20) > 0) {
            const ssize_t got = ::recv(fd_.get(), sink.data(), sink.size(), MSG_DONTWAIT);
            if (got == 0) return true;
            if (got < 0 && errno != EAGAIN && errno != EINTR) return true;
        }
    }
    return false;
}

std::optional<ipc::proto::Error> RawConnection::as_error(
    const std::optional<ReceivedFrame>& frame) {
    if (!frame || frame->header.kind != ipc::proto::ERROR) return std::nullopt;
    ipc::proto::Error error;
    if (!error.ParseFromArray(frame->payload.constData(),
                              static_cast<int>(frame->payload.size()))) {
        return std::nullopt;
    }
    return error;
}

}  // namespace lapce_ai::testing
