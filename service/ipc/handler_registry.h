#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stop_token>

#include "lapce_ai.pb.h"
#include "response_sink.h"

namespace lapce_ai::ipc {

struct RequestContext {
    std::uint64_t request_id;
    std::span<const std::byte> payload;
    ResponseSink& sink;
    const std::atomic<bool>& cancelled;  // set when the client sends CANCEL for this request
    // Stopped at the same moment: a std::stop_callback on it reacts to CANCEL at once instead
    // of polling `cancelled`.
    std::stop_token cancellation = {};
};

enum class Execution {
    Inline,  // cheap and non-blocking: runs on the session's ring thread
    Pool,    // may block or stream: runs on the service thread pool, cancellable
};

using Handler = std::function<void(RequestContext&)>;

// Method → handler, filled at start-up and then frozen: after freeze() it is only read, from any
// thread, without locks.
class HandlerRegistry {
  public:
    static constexpr std::size_t kMaxKinds = 1024;

    struct Entry {
        Execution execution;
        Handler handler;
    };

    // False if the kind is out of range, taken, reserved for the protocol, or the registry is
    // frozen.
    bool add(proto::MessageKind kind, Execution execution, Handler handler);
    void freeze() { frozen_ = true; }
    bool frozen() const { return frozen_; }
    const Entry* find(std::uint16_t kind) const;

  private:
    std::array<std::optional<Entry>, kMaxKinds> entries_;
    bool frozen_ = false;
};

}  // namespace lapce_ai::ipc
