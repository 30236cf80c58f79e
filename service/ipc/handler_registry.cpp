#include "handler_registry.h"

namespace lapce_ai::ipc {

bool ResponseSink::send_error(proto::ErrorCode code, std::string_view message,
                              std::uint64_t request_id) {
    thread_local proto::Error error;
    error.set_code(code);
    error.set_message(message.data(), message.size());
    error.set_request_id(request_id);
    return send(proto::ERROR, proto::FLAG_END_OF_STREAM, request_id, error);
}

bool HandlerRegistry::add(proto::MessageKind kind, Execution execution, Handler handler) {
    const auto index = static_cast<std::size_t>(kind);
    const bool protocol_kind = kind == proto::HELLO || kind == proto::WELCOME ||
                               kind == proto::CANCEL || kind == proto::ERROR;
    if (frozen_ || index == 0 || index >= kMaxKinds || protocol_kind || entries_[index]) {
        return false;
    }
    entries_[index] = Entry{execution, std::move(handler)};
    return true;
}

const HandlerRegistry::Entry* HandlerRegistry::find(std::uint16_t kind) const {
    if (kind >= kMaxKinds || !entries_[kind]) return nullptr;
    return &*entries_[kind];
}

}  // namespace lapce_ai::ipc
