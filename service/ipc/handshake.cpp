#include "handshake.h"

namespace lapce_ai::ipc {
namespace {

// Compares in time independent of where the strings differ.
bool tokens_equal(const std::string& expected, const std::string& offered) {
    if (expected.empty() || expected.size() != offered.size()) return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        difference |= static_cast<unsigned char>(expected[i] ^ offered[i]);
    }
    return difference == 0;
}

}  // namespace

Expected<proto::Hello, HandshakeRejection> check_hello(const FrameHeader& header,
                                                       std::span<const std::byte> payload,
                                                       const std::string& expected_token) {
    if (header.kind != proto::HELLO) {
        return unexpected(
            HandshakeRejection{proto::HANDSHAKE_REQUIRED, "the first frame must be a Hello"});
    }
    proto::Hello hello;
    if (!hello.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
        return unexpected(HandshakeRejection{proto::MALFORMED_PAYLOAD, "malformed Hello payload"});
    }
    if (hello.protocol_version() != kProtocolVersion) {
        return unexpected(HandshakeRejection{proto::PROTOCOL_VERSION_MISMATCH,
                                             "protocol version " +
                                                 std::to_string(hello.protocol_version()) +
                                                 " is not supported; this service speaks version " +
                                                 std::to_string(kProtocolVersion)});
    }
    if (!tokens_equal(expected_token, hello.token())) {
        return unexpected(HandshakeRejection{proto::UNAUTHORIZED, "invalid token"});
    }
    if (hello.transport() != proto::TRANSPORT_SHM && hello.transport() != proto::TRANSPORT_SOCKET) {
        return unexpected(HandshakeRejection{proto::MALFORMED_PAYLOAD, "unknown transport"});
    }
    return hello;
}

}  // namespace lapce_ai::ipc
