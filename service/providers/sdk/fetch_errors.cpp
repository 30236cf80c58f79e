#include "fetch_errors.h"

#include <utility>

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson error_object(const char* name, const std::string& message, const char* code) {
    OrderedJson object = OrderedJson::object({});
    object.set("name", OrderedJson::string(name));
    object.set("message", OrderedJson::string(message));
    if (code != nullptr) object.set("code", OrderedJson::string(code));
    return object;
}

}  // namespace

OrderedJson undici_error_cause(const TransportError& error) {
    using Kind = TransportError::Kind;
    switch (error.kind()) {
        case Kind::ConnectionRefused:
            return error_object("Error", "connect ECONNREFUSED " + error.host_port(),
                                "ECONNREFUSED");
        case Kind::HostNotFound: {
            const std::string host = error.host_port().substr(0, error.host_port().rfind(':'));
            return error_object("Error", "getaddrinfo ENOTFOUND " + host, "ENOTFOUND");
        }
        case Kind::ClosedMidBody:
        case Kind::ClosedBeforeResponse:
            return error_object("SocketError", "other side closed", "UND_ERR_SOCKET");
        case Kind::Timeout:
            return error_object("ConnectTimeoutError", "Connect Timeout Error",
                                "UND_ERR_CONNECT_TIMEOUT");
        case Kind::Tls:
        case Kind::Other:
            break;
    }
    return error_object("Error", error.detail(), nullptr);
}

ProviderError undici_fetch_error(const TransportError& error) {
    ProviderError thrown("TypeError", error.kind() == TransportError::Kind::ClosedMidBody
                                          ? "terminated"
                                          : "fetch failed");
    thrown.cause = undici_error_cause(error);
    return thrown;
}

namespace {

// The Node system error under a failed request: {message, code}.
std::pair<std::string, std::string> node_system_error(const TransportError& error) {
    using Kind = TransportError::Kind;
    switch (error.kind()) {
        case Kind::ConnectionRefused:
            return {"connect ECONNREFUSED " + error.host_port(), "ECONNREFUSED"};
        case Kind::HostNotFound: {
            const std::string host = error.host_port().substr(0, error.host_port().rfind(':'));
            return {"getaddrinfo ENOTFOUND " + host, "ENOTFOUND"};
        }
        case Kind::ClosedBeforeResponse:
        case Kind::ClosedMidBody:
            return {"socket hang up", "ECONNRESET"};
        case Kind::Timeout:
        case Kind::Tls:
        case Kind::Other:
            break;
    }
    return {error.detail(), ""};
}

ProviderError with_code(ProviderError thrown, const std::string& code) {
    if (!code.empty()) thrown.code = OrderedJson::string(code);
    return thrown;
}

}  // namespace

ProviderError node_fetch_request_error(const TransportError& error, const std::string& url) {
    const auto [message, code] = node_system_error(error);
    return with_code(
        ProviderError("FetchError", "request to " + url + " failed, reason: " + message), code);
}

ProviderError node_fetch_body_stream_error(const TransportError& error) {
    if (error.kind() == TransportError::Kind::ClosedMidBody)
        return with_code(ProviderError("Error", "Premature close"), "ERR_STREAM_PREMATURE_CLOSE");
    const auto [message, code] = node_system_error(error);
    return with_code(ProviderError("Error", message), code);
}

ProviderError node_fetch_consume_body_error(const TransportError& error, const std::string& url) {
    const ProviderError cause = node_fetch_body_stream_error(error);
    ProviderError thrown("FetchError", "Invalid response body while trying to fetch " + url + ": " +
                                           cause.message());
    thrown.code = cause.code;
    return thrown;
}

}  // namespace lapce_ai::providers
