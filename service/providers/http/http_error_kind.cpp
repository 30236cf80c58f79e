#include "http_error_kind.h"

namespace lapce_ai::providers {

std::string_view http_error_kind_name(HttpErrorKind kind) {
    switch (kind) {
        case HttpErrorKind::Timeout:
            return "timeout";
        case HttpErrorKind::Connection:
            return "connection";
        case HttpErrorKind::Tls:
            return "tls";
        case HttpErrorKind::Http4xx:
            return "http_4xx";
        case HttpErrorKind::Http5xx:
            return "http_5xx";
        case HttpErrorKind::Cancelled:
            return "cancelled";
        case HttpErrorKind::Protocol:
            return "protocol";
    }
    return "protocol";
}

std::optional<HttpErrorKind> classify_http_error(QNetworkReply::NetworkError error, int status,
                                                 bool timed_out) {
    using E = QNetworkReply::NetworkError;
    if (timed_out || error == E::TimeoutError) return HttpErrorKind::Timeout;
    if (status >= 500) return HttpErrorKind::Http5xx;
    if (status >= 400) return HttpErrorKind::Http4xx;
    switch (error) {
        case E::NoError:
            return std::nullopt;
        case E::OperationCanceledError:
            return HttpErrorKind::Cancelled;
        case E::SslHandshakeFailedError:
            return HttpErrorKind::Tls;
        case E::ConnectionRefusedError:
        case E::RemoteHostClosedError:
        case E::HostNotFoundError:
        case E::TemporaryNetworkFailureError:
        case E::NetworkSessionFailedError:
        case E::BackgroundRequestNotAllowedError:
        case E::UnknownNetworkError:
            return HttpErrorKind::Connection;
        default:
            break;
    }
    // Proxy failures (101-199) are connection failures; the rest (redirect loops, content and
    // protocol errors without an HTTP error status) are protocol failures.
    if (error >= E::ProxyConnectionRefusedError && error <= E::UnknownProxyError)
        return HttpErrorKind::Connection;
    return HttpErrorKind::Protocol;
}

}  // namespace lapce_ai::providers
