#pragma once

#include <QByteArray>

#include <chrono>
#include <optional>
#include <string>

#include "frame.h"
#include "lapce_ai.pb.h"
#include "unique_fd.h"

namespace lapce_ai::testing {

struct ReceivedFrame {
    ipc::FrameHeader header;
    QByteArray payload;
};

// A deliberately low-level client for tests that misbehave on purpose: it writes whatever bytes
// it is given on the control socket and reads frames back.
class RawConnection {
  public:
    bool connect(const QString& socket_path);
    bool send_bytes(const QByteArray& bytes);
    bool send_frame(std::uint16_t kind, std::uint64_t request_id,
                    const google::protobuf::MessageLite& message, std::uint16_t flags = 0);
    bool send_hello(const std::string& token, std::uint32_t version = ipc::kProtocolVersion,
                    ipc::proto::Transport transport = ipc::proto::TRANSPORT_SOCKET);
    // The next frame, or nothing if the service closed the connection or sent nothing in time.
    // The default wait is for frames that must come: generous, since it costs time only when a
    // test fails, and a loaded sanitizer build can stall for seconds.
    std::optional<ReceivedFrame> receive(
        std::chrono::milliseconds timeout = std::chrono::milliseconds(15'000));
    // True when the service closed the connection within `timeout`.
    bool closed_by_peer(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
    void close() { fd_.reset(); }
    int fd() const { return fd_.get(); }

    static std::optional<ipc::proto::Error> as_error(const std::optional<ReceivedFrame>& frame);

  private:
    UniqueFd fd_;
};

}  // namespace lapce_ai::testing
