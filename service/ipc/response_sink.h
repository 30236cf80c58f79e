#pragma once

#include <cstdint>
#include <string_view>

#include "lapce_ai.pb.h"

namespace lapce_ai::ipc {

// Where a handler writes its answer frames. Implementations are thread-safe: a streaming handler
// on a pool thread and the session's ring thread may send at the same time.
class ResponseSink {
  public:
    virtual ~ResponseSink() = default;
    // False when the session is gone, or its client stopped reading for longer than the write
    // bound (the session is then closed): the handler should stop producing.
    virtual bool send(std::uint16_t kind, std::uint16_t flags, std::uint64_t request_id,
                      const google::protobuf::MessageLite& message) = 0;

    bool send_error(proto::ErrorCode code, std::string_view message, std::uint64_t request_id);
};

}  // namespace lapce_ai::ipc
