#pragma once

#include <span>
#include <string>

#include "expected.h"
#include "frame.h"
#include "lapce_ai.pb.h"

namespace lapce_ai::ipc {

struct HandshakeRejection {
    proto::ErrorCode code;
    std::string message;
};

// Checks the first frame of a connection: it must be a well-formed Hello of our protocol version
// carrying the service token. Pure function of its inputs (fuzzed by tests/fuzz).
Expected<proto::Hello, HandshakeRejection> check_hello(const FrameHeader& header,
                                                       std::span<const std::byte> payload,
                                                       const std::string& expected_token);

}  // namespace lapce_ai::ipc
