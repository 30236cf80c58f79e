#include "stainless_client.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

#include "fetch_errors.h"
#include "http_date.h"
#include "sleep.h"

namespace lapce_ai::providers {

using json::OrderedJson;

StainlessClient::StainlessClient(StainlessClientOptions options, HttpClient& http)
    : options_(std::move(options)), http_(http) {}

std::string StainlessClient::build_url(const std::string& path) const {
    const std::string& base = options_.base_url;
    std::string url =
        base.ends_with('/') && path.starts_with('/') ? base + path.substr(1) : base + path;
    if (!options_.default_query.empty()) {
        // url.search = qs.stringify(query): the query replaces any the base URL carried.
        std::string fragment;
        if (const std::size_t hash = url.find('#'); hash != std::string::npos) {
            fragment = url.substr(hash);
            url.erase(hash);
        }
        if (const std::size_t question = url.find('?'); question != std::string::npos)
            url.erase(question);
        url += '?';
        bool first = true;
        for (const auto& [name, value] : options_.default_query) {
            if (!first) url += '&';
            first = false;
            url += QUrl::toPercentEncoding(QString::fromStdString(name)).toStdString() + '=' +
                   QUrl::toPercentEncoding(QString::fromStdString(value)).toStdString();
        }
        url += fragment;
    }
    return url;
}

namespace {

// parseFloat: the longest numeric prefix after leading white space, NaN when none.
double js_parse_float(const QByteArray& text) {
    static const QRegularExpression prefix(QStringLiteral(
        R"(^\s*([+-]?(?:Infinity|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)))"));
    const QRegularExpressionMatch match = prefix.match(QString::fromUtf8(text));
    if (!match.hasMatch()) return std::nan("");
    const QString number = match.captured(1);
    if (number.endsWith(QLatin1String("Infinity")))
        return number.startsWith(QLatin1Char('-')) ? -INFINITY : INFINITY;
    return number.toDouble();
}

bool should_retry(const HttpResponse& response) {
    if (const auto header = response.header("x-should-retry")) {
        if (*header == "true") return true;
        if (*header == "false") return false;
    }
    const int status = response.status();
    return status == 408 || status == 409 || status == 429 || status >= 500;
}

const char* status_error_name(int status) {
    switch (status) {
        case 400:
            return "BadRequestError";
        case 401:
            return "AuthenticationError";
        case 403:
            return "PermissionDeniedError";
        case 404:
            return "NotFoundError";
        case 409:
            return "ConflictError";
        case 422:
            return "UnprocessableEntityError";
        case 429:
            return "RateLimitError";
        default:
            return status >= 500 ? "InternalServerError" : "APIError";
    }
}

// APIError.makeMessage
std::string make_message(std::optional<int> status, const OrderedJson* error,
                         const std::optional<std::string>& message) {
    std::optional<std::string> text;
    const OrderedJson* error_message =
        error != nullptr && error->is_object() ? error->find("message") : nullptr;
    const bool message_truthy =
        error_message != nullptr &&
        !(error_message->is_string() && error_message->as_string().empty()) &&
        !error_message->is_null() &&
        !(error_message->type() == OrderedJson::Type::Boolean && !error_message->as_bool()) &&
        !(error_message->type() == OrderedJson::Type::Number && error_message->as_number() == 0);
    const bool error_truthy =
        error != nullptr && !error->is_null() &&
        !(error->is_string() && error->as_string().empty()) &&
        !(error->type() == OrderedJson::Type::Boolean && !error->as_bool()) &&
        !(error->type() == OrderedJson::Type::Number && error->as_number() == 0);
    if (message_truthy) {
        text = error_message->is_string() ? error_message->as_string()
                                          : json::json_stringify(*error_message);
    } else if (error_truthy) {
        text = json::json_stringify(*error);
    } else {
        text = message;
    }
    if (text && text->empty()) text.reset();
    if (status && *status != 0 && text) return std::to_string(*status) + " " + *text;
    if (status && *status != 0) return std::to_string(*status) + " status code (no body)";
    if (text) return *text;
    return "(no status code or body)";
}

}  // namespace

ProviderError StainlessClient::status_error(int status, const std::string& body_text) const {
    // safeJSON: the parsed body, or undefined when it is not JSON.
    auto parsed = json::parse_ordered_json(body_text);
    std::optional<std::string> message;
    const OrderedJson* error = nullptr;
    OrderedJson error_value;
    if (parsed) {
        if (options_.flavor == StainlessClientOptions::Flavor::OpenAi) {
            if (parsed->is_object() && parsed->find("error")) error_value = *parsed->find("error");
        } else {
            error_value = *parsed;
        }
        error = &error_value;
    } else {
        message = body_text;
    }
    ProviderError thrown(status_error_name(status), make_message(status, error, message));
    thrown.status = status;
    if (options_.flavor == StainlessClientOptions::Flavor::OpenAi && error_value.is_object()) {
        if (const OrderedJson* code = error_value.find("code"); code && !code->is_null())
            thrown.code = *code;
    }
    return thrown;
}

ProviderError StainlessClient::stream_error(const OrderedJson& error) {
    ProviderError thrown("APIError", make_message(std::nullopt, &error, std::nullopt));
    if (error.is_object()) {
        if (const OrderedJson* code = error.find("code"); code && !code->is_null())
            thrown.code = *code;
    }
    return thrown;
}

std::chrono::milliseconds StainlessClient::retry_delay(const HttpResponse* failed,
                                                       int retries_remaining) const {
    std::optional<double> timeout_ms;
    if (failed != nullptr) {
        if (const auto header = failed->header("retry-after-ms"); header && !header->isEmpty()) {
            const double value = js_parse_float(*header);
            if (!std::isnan(value)) timeout_ms = value;
        }
        if (const auto header = failed->header("retry-after");
            header && !header->isEmpty() && (!timeout_ms || *timeout_ms == 0)) {
            const double seconds = js_parse_float(*header);
            if (!std::isnan(seconds)) {
                timeout_ms = seconds * 1000;
            } else {
                // Date.parse(retryAfterHeader) - Date.now()
                const std::optional<qint64> when = parse_http_date(*header);
                timeout_ms = when ? static_cast<double>(*when - QDateTime::currentMSecsSinceEpoch())
                                  : std::nan("");
            }
        }
    }
    if (!(timeout_ms && *timeout_ms != 0 && 0 <= *timeout_ms && *timeout_ms < 60 * 1000)) {
        const int retries_done = options_.max_retries - retries_remaining;
        const double sleep_seconds = std::min(0.5 * std::pow(2.0, retries_done), 8.0);
        const double jitter = 1 - QRandomGenerator::global()->generateDouble() * 0.25;
        timeout_ms = sleep_seconds * jitter * 1000;
    }
    return std::chrono::milliseconds(static_cast<long long>(std::llround(*timeout_ms)));
}

Task<std::unique_ptr<HttpResponse>> StainlessClient::request(std::string method, std::string path,
                                                             OrderedJson body,
                                                             HeaderList extra_headers) {
    static const char* const deployment_endpoints[] = {
        "/completions",        "/chat/completions", "/embeddings",         "/audio/transcriptions",
        "/audio/translations", "/audio/speech",     "/images/generations", "/batches",
        "/images/edits"};
    if (options_.azure_deployments && method == "POST" && body.is_object()) {
        const bool deployment_endpoint =
            std::any_of(std::begin(deployment_endpoints), std::end(deployment_endpoints),
                        [&](const char* endpoint) { return path == endpoint; });
        const OrderedJson* model = body.find("model");
        if (deployment_endpoint && model && model->is_string() &&
            options_.base_url.find("/deployments") == std::string::npos)
            path = "/deployments/" + model->as_string() + path;
    }
    int retries_remaining = options_.max_retries;
    for (;;) {
        HttpRequest request;
        request.method = QByteArray::fromStdString(method);
        request.url = QUrl(QString::fromStdString(build_url(path)));
        request.timeout = options_.timeout;
        request.set_header("Accept", "application/json");
        request.set_header("X-Stainless-Retry-Count",
                           QByteArray::number(options_.max_retries - retries_remaining));
        for (const HeaderList* list :
             {&options_.auth_headers, &options_.default_headers, &extra_headers}) {
            for (const auto& [name, value] : *list)
                request.set_header(QByteArray::fromStdString(name),
                                   QByteArray::fromStdString(value));
        }
        if (!body.is_null()) {
            request.set_header("Content-Type", "application/json");
            // The Anthropic SDK pretty-prints its bodies (JSON.stringify(body, null, 2)).
            const int indent = options_.flavor == StainlessClientOptions::Flavor::Anthropic ? 2 : 0;
            request.body = QByteArray::fromStdString(json::json_stringify(body, indent));
        }

        std::unique_ptr<HttpResponse> response;
        std::optional<TransportError> failure;
        try {
            response = co_await http_.send(std::move(request));
        } catch (const TransportError& error) {
            failure = error;
        }
        if (failure) {
            if (retries_remaining > 0) {
                co_await sleep_for(retry_delay(nullptr, retries_remaining));
                --retries_remaining;
                continue;
            }
            if (failure->kind() == TransportError::Kind::Timeout)
                throw ProviderError("APIConnectionTimeoutError", "Request timed out.");
            ProviderError thrown("APIConnectionError", "Connection error.");
            const bool node_fetch = options_.flavor == StainlessClientOptions::Flavor::Anthropic;
            const ProviderError cause = node_fetch
                                            ? node_fetch_request_error(*failure, build_url(path))
                                            : undici_fetch_error(*failure);
            thrown.cause = OrderedJson::object({});
            thrown.cause.set("name", OrderedJson::string(cause.name()));
            thrown.cause.set("message", OrderedJson::string(cause.message()));
            if (node_fetch && !cause.code.is_null()) thrown.cause.set("code", cause.code);
            throw thrown;
        }
        const int status = response->status();
        if (status >= 200 && status < 300) co_return response;
        if (retries_remaining > 0 && should_retry(*response)) {
            const auto delay = retry_delay(response.get(), retries_remaining);
            response.reset();  // the body is not needed
            co_await sleep_for(delay);
            --retries_remaining;
            continue;
        }
        std::string text;
        try {
            text = (co_await response->read_all()).toStdString();
        } catch (const TransportError& error) {
            text = options_.flavor == StainlessClientOptions::Flavor::Anthropic
                       ? node_fetch_consume_body_error(error, build_url(path)).message()
                       : undici_fetch_error(error).message();
        }
        throw status_error(status, text);
    }
}

}  // namespace lapce_ai::providers
