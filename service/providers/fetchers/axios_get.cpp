#include "axios_get.h"

#include <QUrl>

#include "js_json_parse.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kAxiosUserAgent = "axios/1.12.0";

// The error Node's http module reports (wrapped by AxiosError.from), or axios' own timeout.
AxiosError transport_failure(const TransportError& error, std::chrono::milliseconds timeout) {
    using Kind = TransportError::Kind;
    switch (error.kind()) {
        case Kind::ConnectionRefused:
            return AxiosError("connect ECONNREFUSED " + error.host_port(),
                              OrderedJson::string("ECONNREFUSED"));
        case Kind::HostNotFound:
            return AxiosError("getaddrinfo ENOTFOUND " +
                                  error.host_port().substr(0, error.host_port().rfind(':')),
                              OrderedJson::string("ENOTFOUND"));
        case Kind::ClosedBeforeResponse:
            return AxiosError("socket hang up", OrderedJson::string("ECONNRESET"));
        case Kind::ClosedMidBody:
            return AxiosError("stream has been aborted", OrderedJson::string("ERR_BAD_RESPONSE"));
        case Kind::Timeout:
            return AxiosError(timeout.count() > 0
                                  ? "timeout of " + std::to_string(timeout.count()) + "ms exceeded"
                                  : std::string("timeout exceeded"),
                              OrderedJson::string("ECONNABORTED"));
        case Kind::Tls:
        case Kind::Other:
            break;
    }
    return AxiosError(error.detail(), OrderedJson());
}

// transformResponse: JSON.parse of a non-empty text, the text itself when it is not JSON.
OrderedJson response_data(const QByteArray& body) {
    if (body.isEmpty()) return OrderedJson::string("");
    auto parsed = json::js_json_parse(body.toStdString());
    if (parsed) return std::move(*parsed);
    return OrderedJson::string(QString::fromUtf8(body).toStdString());
}

}  // namespace

Task<OrderedJson> axios_get(HttpClient& http, std::string url, AxiosGetOptions options) {
    HttpRequest request;
    request.method = QByteArrayLiteral("GET");
    request.url = QUrl(QString::fromStdString(url), QUrl::StrictMode);
    if (!request.url.isValid() || request.url.scheme().isEmpty()) {
        ProviderError invalid("TypeError", "Invalid URL");
        invalid.code = OrderedJson::string("ERR_INVALID_URL");
        throw invalid;
    }
    request.timeout = options.timeout;
    request.set_header("Accept", "application/json, text/plain, */*");
    bool user_agent = false;
    for (const auto& [name, value] : options.headers) {
        const QByteArray header = QByteArray::fromStdString(name);
        request.set_header(header, QByteArray::fromStdString(value));
        if (header.compare("user-agent", Qt::CaseInsensitive) == 0) user_agent = true;
    }
    if (!user_agent) request.set_header("User-Agent", kAxiosUserAgent);

    std::unique_ptr<HttpResponse> response;
    QByteArray body;
    std::optional<AxiosError> failure;
    try {
        response = co_await http.send(std::move(request));
        body = co_await response->read_all();
    } catch (const TransportError& error) {
        failure = transport_failure(error, options.timeout);
    }
    if (failure) throw *failure;

    OrderedJson data = response_data(body);
    const int status = response->status();
    if (status >= 200 && status < 300) co_return data;

    // settle(): validateStatus failed.
    const int family = status / 100;
    AxiosError rejected("Request failed with status code " + std::to_string(status),
                        family == 4   ? OrderedJson::string("ERR_BAD_REQUEST")
                        : family == 5 ? OrderedJson::string("ERR_BAD_RESPONSE")
                                      : OrderedJson());
    rejected.response =
        AxiosError::Response{status, response->status_text().toStdString(), std::move(data)};
    throw rejected;
}

}  // namespace lapce_ai::providers
