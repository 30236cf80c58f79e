#include "qwen_oauth_credentials.h"

#include <QDir>
#include <QFile>
#include <QUrl>

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "fetch_errors.h"
#include "js_access.h"
#include "js_json_parse.h"
#include "json_access.h"
#include "openai_handler.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kQwenOauthTokenEndpoint = "https://chat.qwen.ai/api/v1/oauth2/token";
constexpr const char* kQwenOauthClientId = "f0304373b74a44d2b584a3fb70ca9e56";
constexpr const char* kDefaultBaseUrl = "https://dashscope.aliyuncs.com/compatible-mode/v1";

// libuv's code and text for an errno, as Node's fs errors print them.
std::string uv_error(int error) {
    switch (error) {
        case ENOENT:
            return "ENOENT: no such file or directory";
        case EACCES:
            return "EACCES: permission denied";
        case ENOTDIR:
            return "ENOTDIR: not a directory";
        case EISDIR:
            return "EISDIR: illegal operation on a directory";
        case ELOOP:
            return "ELOOP: too many symbolic links encountered";
        case ENAMETOOLONG:
            return "ENAMETOOLONG: name too long";
        case EMFILE:
            return "EMFILE: too many open files";
        default:
            return std::string("UNKNOWN: ") + std::strerror(error);
    }
}

// fs.readFile(path, "utf-8"): the text, or `${error}` of the failure.
Expected<std::string, std::string> read_file_like_node(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return unexpected("Error: " + uv_error(errno) + ", open '" + path + "'");
    std::string text;
    char buffer[65536];
    for (;;) {
        const ssize_t count = ::read(fd, buffer, sizeof buffer);
        if (count < 0) {
            const int error = errno;
            ::close(fd);
            return unexpected("Error: " + uv_error(error) + ", read");
        }
        if (count == 0) break;
        text.append(buffer, static_cast<std::size_t>(count));
    }
    ::close(fd);
    return text;
}

// encodeURIComponent
std::string encode_uri_component(const std::string& text) {
    return QUrl::toPercentEncoding(QString::fromStdString(text), "-_.!~*'()").toStdString();
}

double now_ms(const ProviderContext& context) {
    return static_cast<double>(context.now().toMSecsSinceEpoch());
}

}  // namespace

std::string qwen_cached_credential_path(const std::optional<std::string>& custom_path,
                                        const ProviderContext& context) {
    if (custom_path && !custom_path->empty()) {
        if (custom_path->starts_with("~/"))
            return QDir::cleanPath(
                       QString::fromStdString(context.home_dir() + "/" + custom_path->substr(2)))
                .toStdString();
        return QDir::cleanPath(
                   QDir::current().absoluteFilePath(QString::fromStdString(*custom_path)))
            .toStdString();
    }
    return QDir::cleanPath(QString::fromStdString(context.home_dir() + "/.qwen/oauth_creds.json"))
        .toStdString();
}

OrderedJson load_cached_qwen_credentials(const std::string& path) {
    Expected<std::string, std::string> text = read_file_like_node(path);
    if (!text)
        throw ProviderError("Error", "Failed to load Qwen OAuth credentials: " + text.error());
    auto parsed = json::js_json_parse(*text);
    if (!parsed)
        throw ProviderError(
            "Error", "Failed to load Qwen OAuth credentials: SyntaxError: " + parsed.error());
    return std::move(*parsed);
}

bool is_qwen_token_valid(const OrderedJson& credentials, const QDateTime& now) {
    constexpr double kTokenRefreshBufferMs = 30 * 1000;
    const OrderedJson* expiry = js::get(credentials, "expiry_date");
    if (!js_truthy(expiry)) return false;
    const std::optional<double> expiry_ms = js_number(expiry);
    return expiry_ms &&
           static_cast<double>(now.toMSecsSinceEpoch()) < *expiry_ms - kTokenRefreshBufferMs;
}

std::string qwen_base_url(const OrderedJson& credentials) {
    const OrderedJson* resource_url = js::get(credentials, "resource_url");
    std::string base_url = js_truthy(resource_url) ? js::text_of(resource_url) : kDefaultBaseUrl;
    if (!base_url.starts_with("http://") && !base_url.starts_with("https://"))
        base_url = "https://" + base_url;
    return base_url.ends_with("/v1") ? base_url : base_url + "/v1";
}

Task<OrderedJson> refresh_qwen_access_token(OrderedJson credentials, std::string path,
                                            const ProviderContext& context) {
    const OrderedJson* refresh_token = js::get(credentials, "refresh_token");
    if (!js_truthy(refresh_token))
        throw ProviderError("Error", "No refresh token available in credentials.");

    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QString::fromLatin1(kQwenOauthTokenEndpoint));
    request.set_header("Content-Type", "application/x-www-form-urlencoded");
    request.set_header("Accept", "application/json");
    request.body = QByteArray::fromStdString("grant_type=refresh_token&refresh_token=" +
                                             encode_uri_component(js::text_of(refresh_token)) +
                                             "&client_id=" + kQwenOauthClientId);
    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await context.http->send(std::move(request));
    } catch (const TransportError& error) {
        failure = undici_fetch_error(error);
    }
    if (failure) throw *failure;

    if (response->status() < 200 || response->status() > 299) {
        QByteArray error_text;
        try {
            error_text = co_await response->read_all();
        } catch (const TransportError& error) {
            failure = undici_fetch_error(error);
        }
        if (failure) throw *failure;
        throw ProviderError("Error", "Token refresh failed: " + std::to_string(response->status()) +
                                         " " + response->status_text().toStdString() +
                                         ". Response: " + error_text.toStdString());
    }
    const OrderedJson token_data = co_await read_json_body(*response);
    if (const OrderedJson* error = js::get(token_data, "error"); js_truthy(error)) {
        throw ProviderError("Error", "Token refresh failed: " + js::text_of(error) + " - " +
                                         js::text_of(js_get(&token_data, "error_description")));
    }

    // {...credentials, access_token, token_type, refresh_token, expiry_date}: undefined values
    // keep their place but vanish from JSON.
    const OrderedJson* new_refresh_token = js_get(&token_data, "refresh_token");
    const std::optional<double> expires_in = js_number(js_get(&token_data, "expires_in"));
    const OrderedJson expiry =
        OrderedJson::number(expires_in ? now_ms(context) + *expires_in * 1000 : std::nan(""));
    const std::pair<const char*, const OrderedJson*> updates[] = {
        {"access_token", js_get(&token_data, "access_token")},
        {"token_type", js_get(&token_data, "token_type")},
        {"refresh_token", js_truthy(new_refresh_token) ? new_refresh_token : refresh_token},
        {"expiry_date", &expiry},
    };
    OrderedJson refreshed = js_object();
    auto update_of =
        [&updates](std::string_view key) -> const std::pair<const char*, const OrderedJson*>* {
        for (const auto& update : updates)
            if (key == update.first) return &update;
        return nullptr;
    };
    for (const json::OrderedJsonMember& member : credentials.members()) {
        if (const auto* update = update_of(member.key)) {
            js::set_defined(refreshed, member.key, update->second);
        } else {
            refreshed.set(member.key, member.value);
        }
    }
    for (const auto& [key, value] : updates) {
        if (credentials.find(key) == nullptr) js::set_defined(refreshed, key, value);
    }

    QFile file(QString::fromStdString(path));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        // A failed write leaves the refreshed token in memory only.
        file.write(QByteArray::fromStdString(json::json_stringify(refreshed, 2)));
    }
    co_return refreshed;
}

}  // namespace lapce_ai::providers
