#include "google_auth_client.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <chrono>
#include <cmath>
#include <memory>

#include "fetch_errors.h"
#include "js_json_parse.h"
#include "sleep.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr std::string_view kAuthLibraryUserAgent = "google-api-nodejs-client/9.15.1";
constexpr std::int64_t kEagerRefreshThresholdMs = 5 * 60 * 1000;
constexpr std::string_view kNoAdcFound =
    "Could not load the default credentials. Browse to "
    "https://cloud.google.com/docs/authentication/getting-started for more information.";
// gaxios' retryConfig defaults for gtoken's POST.
constexpr int kStatusRetries = 3;
constexpr int kNoResponseRetries = 2;

ProviderError gaxios_error(std::string message) {
    ProviderError error("GaxiosError", std::move(message));
    error.extra = OrderedJson::object({{"error_name", OrderedJson::string("Error")}});
    return error;
}

bool retryable_status(int status) {
    return (status >= 100 && status <= 199) || status == 408 || status == 429 ||
           (status >= 500 && status <= 599);
}

// getNextRetryDelay: retryDelay (100 ms, first retry only) + (2^attempt - 1) / 2 seconds.
std::chrono::milliseconds retry_delay(int attempt) {
    const double delay = (attempt == 0 ? 100.0 : 0.0) + (std::pow(2.0, attempt) - 1) / 2 * 1000;
    return std::chrono::milliseconds(static_cast<std::int64_t>(delay));
}

// node-fetch's FetchError as gaxios wraps it: a GaxiosError with its message and code (for a
// request without a response ECONNREFUSED, ENOTFOUND, ECONNRESET; for a body cut short
// ERR_STREAM_PREMATURE_CLOSE).
ProviderError gaxios_fetch_error(const ProviderError& fetch_error) {
    ProviderError failure = gaxios_error(fetch_error.message());
    failure.code = fetch_error.code;
    return failure;
}

// gaxios' responseType "json": the text, parsed when it is JSON.
OrderedJson response_data(const QByteArray& body) {
    auto parsed = json::js_json_parse(body.toStdString());
    return parsed ? std::move(*parsed) : OrderedJson::string(body.toStdString());
}

// DefaultTransporter.processError, then gtoken's rewrite of the message.
ProviderError token_http_error(int status, const OrderedJson& data) {
    const OrderedJson* body_error = data.is_object() ? data.find("error") : nullptr;
    std::string message = "Request failed with status code " + std::to_string(status);
    std::optional<int> error_status = status;
    OrderedJson code;
    if (body_error != nullptr && json::js_truthy(*body_error)) {
        if (!body_error->is_string()) {
            const OrderedJson* errors = body_error->find("errors");
            if (errors != nullptr && errors->is_array()) {
                message = json::js_array_join(
                    [&] {
                        OrderedJson messages = OrderedJson::array({});
                        for (const OrderedJson& item : errors->items()) {
                            const OrderedJson* text =
                                item.is_object() ? item.find("message") : nullptr;
                            messages.push_back(text != nullptr ? *text : OrderedJson());
                        }
                        return messages;
                    }(),
                    "\n");
            } else {
                const OrderedJson* text = body_error->find("message");
                message = text != nullptr ? json::js_to_string(*text) : "undefined";
            }
            if (const OrderedJson* error_code = body_error->find("code")) code = *error_code;
        } else {
            message = body_error->as_string();
        }
    } else if (status >= 400) {
        message = json::js_to_string(data);
    }
    ProviderError error = gaxios_error(token_error_message(data, message));
    error.status = error_status;
    error.code = code;
    return error;
}

// _getApplicationCredentialsFromFilePath: fs.realpathSync (its lstat of the first component that
// is missing fails with ENOENT) and lstatSync(...).isFile() before the file is read.
OrderedJson read_application_credentials_file(const std::string& path) {
    const QFileInfo info(QString::fromStdString(path));
    const QString real = info.canonicalFilePath();
    if (real.isEmpty()) {
        const QString absolute = QDir::cleanPath(info.absoluteFilePath());
        QString missing = absolute;
        QString prefix;
        for (const QString& part : absolute.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
            prefix += QLatin1Char('/') + part;
            if (!QFileInfo::exists(prefix)) {
                missing = prefix;
                break;
            }
        }
        ProviderError error("Error", "The file at " + path +
                                         " does not exist, or it is not a file. ENOENT: no such "
                                         "file or directory, lstat '" +
                                         missing.toStdString() + "'");
        error.code = OrderedJson::string("ENOENT");
        throw error;
    }
    if (!QFileInfo(real).isFile())
        throw ProviderError("Error", "The file at " + real.toStdString() +
                                         " does not exist, or it is not a file. ");
    return read_google_key_file(real.toStdString());
}

}  // namespace

OrderedJson read_google_key_file(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        ProviderError error("Error", "ENOENT: no such file or directory, open '" +
                                         QFileInfo(file).absoluteFilePath().toStdString() + "'");
        error.code = OrderedJson::string("ENOENT");
        throw error;
    }
    auto parsed = json::js_json_parse(file.readAll().toStdString());
    if (!parsed) throw ProviderError("SyntaxError", parsed.error());
    return std::move(*parsed);
}

GoogleAuthClient::GoogleAuthClient(GoogleAuthOptions options, const ProviderContext& context)
    : options_(std::move(options)), context_(context) {}

void GoogleAuthClient::load_credentials() {
    if (credentials_) return;
    OrderedJson json = options_.credentials;
    if (json.is_null() || !json::js_truthy(json)) {
        if (options_.key_file) {
            json = read_google_key_file(*options_.key_file);
        } else if (const auto path = context_.env("GOOGLE_APPLICATION_CREDENTIALS");
                   path && !path->empty()) {
            try {
                json = read_application_credentials_file(*path);
            } catch (const ProviderError& error) {
                throw ProviderError("Error",
                                    "Unable to read the credential file specified by the "
                                    "GOOGLE_APPLICATION_CREDENTIALS environment variable: " +
                                        error.message());
            }
        } else {
            const auto home = context_.env("HOME");
            const QString well_known =
                home ? QDir(QString::fromStdString(*home))
                           .filePath(QStringLiteral(
                               ".config/gcloud/application_default_credentials.json"))
                     : QString();
            if (well_known.isEmpty() || !QFileInfo::exists(well_known))
                throw ProviderError("Error", std::string(kNoAdcFound));
            json = read_application_credentials_file(well_known.toStdString());
        }
    }
    if (const OrderedJson* type = json.is_object() ? json.find("type") : nullptr;
        type != nullptr && type->is_string() && type->as_string() != "service_account") {
        throw ProviderError("Error", "Google credentials of type \"" + type->as_string() +
                                         "\" are not supported by lapce-ai; use a service "
                                         "account key.");
    }
    credentials_ = service_account_from_json(json);
    if (const OrderedJson* quota = json.find("quota_project_id"); quota && quota->is_string())
        quota_project_id_ = quota->as_string();
}

bool GoogleAuthClient::token_usable() const {
    if (!token_ || token_->access_token.empty()) return false;
    if (!token_->expires_at_ms) return true;
    return *token_->expires_at_ms > context_.now().toMSecsSinceEpoch() + kEagerRefreshThresholdMs;
}

Task<GoogleAccessToken> GoogleAuthClient::request_token() {
    const std::int64_t iat = context_.now().toSecsSinceEpoch();
    const std::string assertion = service_account_assertion(*credentials_, options_.scope, iat);
    for (int attempt = 0;; ++attempt) {
        HttpRequest request;
        request.method = QByteArrayLiteral("POST");
        request.url = QUrl(QString::fromUtf8(kGoogleTokenUrl.data(),
                                             static_cast<qsizetype>(kGoogleTokenUrl.size())));
        request.set_header("Content-Type", "application/x-www-form-urlencoded");
        request.set_header("User-Agent",
                           QByteArray::fromStdString(std::string(kAuthLibraryUserAgent)));
        request.set_header("Accept", "application/json");
        request.body = token_request_body(assertion);

        std::optional<ProviderError> failure;
        bool retryable = false;
        std::optional<int> status;
        QByteArray body;
        // gaxios reads the body (res.text()) inside the same try as the request: a body cut short
        // fails like no response, with node-fetch's body error.
        const std::string url(kGoogleTokenUrl);
        std::unique_ptr<HttpResponse> response;
        try {
            response = co_await context_.http->send(std::move(request));
            status = response->status();
        } catch (const TransportError& error) {
            failure = gaxios_fetch_error(node_fetch_request_error(error, url));
        }
        if (response) {
            try {
                body = co_await response->read_all();
            } catch (const TransportError& error) {
                failure = gaxios_fetch_error(node_fetch_consume_body_error(error, url));
            }
        }
        if (failure) retryable = attempt < kNoResponseRetries;
        if (!failure) {
            const OrderedJson data = response_data(body);
            if (*status >= 200 && *status < 300) co_return parse_token_response(data, iat);
            failure = token_http_error(*status, data);
            retryable = retryable_status(*status);
        }
        if (!retryable || attempt >= kStatusRetries) throw *failure;
        co_await sleep_for(retry_delay(attempt));
    }
}

Task<GoogleAuthClient::Headers> GoogleAuthClient::request_headers() {
    load_credentials();
    if (!token_usable()) token_ = co_await request_token();
    Headers headers;
    headers.emplace_back("Authorization",
                         "Bearer " + (token_->access_token.empty() ? std::string("undefined")
                                                                   : token_->access_token));
    if (quota_project_id_) headers.emplace_back("x-goog-user-project", *quota_project_id_);
    co_return headers;
}

}  // namespace lapce_ai::providers
