#include "ollama_client.h"

#include <QSysInfo>
#include <QUrl>

#include "fetch_errors.h"
#include "js_access.h"
#include "js_json_parse.h"
#include "json_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kOllamaJsVersion = "0.5.17";

int default_port_of(const QString& scheme) {
    if (scheme == QLatin1String("http") || scheme == QLatin1String("ws")) return 80;
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss")) return 443;
    if (scheme == QLatin1String("ftp")) return 21;
    return -1;
}

bool is_special_scheme(const QString& scheme) {
    return default_port_of(scheme) != -1 || scheme == QLatin1String("file");
}

// `${process.arch} ${process.platform}` as Node names them.
std::string platform_description() {
    QString arch = QSysInfo::buildCpuArchitecture();
    if (arch == QLatin1String("x86_64")) arch = QStringLiteral("x64");
    if (arch == QLatin1String("i386")) arch = QStringLiteral("ia32");
    QString platform = QSysInfo::kernelType();
    if (platform == QLatin1String("winnt")) platform = QStringLiteral("win32");
    return arch.toStdString() + " " + platform.toStdString();
}

bool same_header_name(const std::string& a, const std::string& b) {
    return QString::fromStdString(a).compare(QString::fromStdString(b), Qt::CaseInsensitive) == 0;
}

}  // namespace

std::string ollama_format_host(const std::string& input) {
    if (input.empty()) return "http://127.0.0.1:11434";
    std::string host = input;
    bool explicit_protocol = host.find("://") != std::string::npos;
    if (host.starts_with(':')) {
        host = "http://127.0.0.1" + host;
        explicit_protocol = true;
    }
    if (!explicit_protocol) host = "http://" + host;

    const QUrl url(QString::fromStdString(host), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || scheme.isEmpty() ||
        (is_special_scheme(scheme) && scheme != QLatin1String("file") && url.host().isEmpty()))
        throw ProviderError("TypeError", "Invalid URL");

    // url.port is "" for the scheme's default port.
    std::string port;
    if (url.port() != -1 && url.port() != default_port_of(scheme))
        port = std::to_string(url.port());
    if (port.empty())
        port = !explicit_protocol ? "11434" : (scheme == QLatin1String("https") ? "443" : "80");

    std::string auth;
    if (!url.userName().isEmpty()) {
        auth = url.userName(QUrl::FullyEncoded).toStdString();
        if (!url.password().isEmpty()) auth += ":" + url.password(QUrl::FullyEncoded).toStdString();
        auth += "@";
    }
    std::string hostname = url.host(QUrl::FullyEncoded).toStdString();
    if (hostname.find(':') != std::string::npos) hostname = "[" + hostname + "]";
    std::string pathname = url.path(QUrl::FullyEncoded).toStdString();
    if (pathname.empty() && is_special_scheme(scheme)) pathname = "/";

    std::string formatted = scheme.toStdString() + "://" + auth + hostname + ":" + port + pathname;
    if (formatted.ends_with('/')) formatted.pop_back();
    return formatted;
}

OllamaClient::OllamaClient(const std::string& host, HeaderList headers, HttpClient& http)
    : host_(ollama_format_host(host)), headers_(std::move(headers)), http_(http) {}

Task<std::unique_ptr<HttpResponse>> OllamaClient::post(std::string endpoint, OrderedJson body) {
    const HeaderList defaults = {{"Content-Type", "application/json"},
                                 {"Accept", "application/json"},
                                 {"User-Agent", std::string("ollama-js/") + kOllamaJsVersion +
                                                    " (" + platform_description() + ")"}};
    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QString::fromStdString(host_ + "/api/" + endpoint));
    for (const auto& [name, value] : defaults)
        request.set_header(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
    for (const auto& [name, value] : headers_) {
        const std::string& header_name = name;  // a lambda may not capture a binding (clang 14)
        const bool overrides_default = std::any_of(
            defaults.begin(), defaults.end(),
            [&](const auto& header) { return same_header_name(header.first, header_name); });
        if (!overrides_default)
            request.set_header(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
    }
    request.body = QByteArray::fromStdString(json::json_stringify(body));

    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await http_.send(std::move(request));
    } catch (const TransportError& error) {
        failure = undici_fetch_error(error);
    }
    if (failure) throw *failure;
    const int status = response->status();
    if (status >= 200 && status < 300) co_return response;

    // checkOk: the error text of a JSON body's `error`, or the plain body, else the status line.
    std::string message =
        "Error " + std::to_string(status) + ": " + response->status_text().toStdString();
    const bool json_body =
        response->header("content-type").value_or(QByteArray()).contains("application/json");
    std::optional<QByteArray> text;
    try {
        text = co_await response->read_all();
    } catch (const TransportError&) {
        // "Failed to parse error response as JSON" / "Failed to get text from error response"
    }
    if (text && json_body) {
        if (auto parsed = json::js_json_parse(text->toStdString())) {
            try {
                const OrderedJson* error = js::get(&*parsed, "error");
                if (js::truthy(error)) message = js::text_of(error);
            } catch (const ProviderError&) {
                // errorData.error on null: the message stays the status line
            }
        }
    } else if (text && !text->isEmpty()) {
        message = text->toStdString();
    }
    ProviderError thrown("ResponseError", message);
    thrown.status_code = status;
    throw thrown;
}

OllamaMessageStream::OllamaMessageStream(std::unique_ptr<HttpResponse> response)
    : response_(std::move(response)) {}

Task<void> OllamaMessageStream::read_more() {
    std::optional<QByteArray> bytes;
    std::optional<ProviderError> failure;
    try {
        bytes = co_await response_->read_some();
    } catch (const TransportError& error) {
        failure = undici_fetch_error(error);
    }
    if (failure) throw *failure;
    auto collect = [this](std::string_view line) { lines_.emplace_back(line); };
    Expected<void, StreamDecodeError> decoded =
        bytes ? decoder_.feed(
                    std::string_view(bytes->constData(), static_cast<std::size_t>(bytes->size())),
                    collect)
              : decoder_.finish(collect);
    ended_ = !bytes;
    if (!decoded) {
        response_->abort();
        throw ProviderError("Error", decoded.error().message());
    }
}

Task<std::optional<OrderedJson>> OllamaMessageStream::next() {
    if (done_) co_return std::nullopt;
    for (;;) {
        while (lines_.empty() && !ended_) co_await read_more();
        if (lines_.empty())
            throw ProviderError("Error", "Did not receive done or success response in stream.");
        const std::string line = std::move(lines_.front());
        lines_.pop_front();
        auto parsed = json::js_json_parse(line);
        if (!parsed) continue;  // console.warn('invalid json: ', part)
        OrderedJson message = std::move(*parsed);
        if (!message.is_object() && !message.is_array())
            throw ProviderError("TypeError", "Cannot use 'in' operator to search for 'error' in " +
                                                 json::js_to_string(message));
        if (const OrderedJson* error = message.find("error"))
            throw ProviderError("Error", json::js_to_string(*error));
        if (js_truthy(js_get(&message, "done")) || js::is(js_get(&message, "status"), "success"))
            done_ = true;
        co_return message;
    }
}

}  // namespace lapce_ai::providers
