#pragma once

// Decoding a request's payload; a malformed one gets a typed error.

#include <string>

#include "handler_registry.h"

namespace lapce_ai::ipc {

// False (and MALFORMED_PAYLOAD sent) when the payload is not a valid `Message`.
template <typename Message>
bool parse_request(Message& message, RequestContext& context, const char* what) {
    if (message.ParseFromArray(context.payload.data(), int(context.payload.size()))) return true;
    context.sink.send_error(proto::MALFORMED_PAYLOAD, std::string("malformed ") + what + " payload",
                            context.request_id);
    return false;
}

}  // namespace lapce_ai::ipc
