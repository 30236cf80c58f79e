#include "requesty_service_url.h"

#include <QUrl>

namespace lapce_ai::providers {

namespace {

constexpr const char* kRequestyBaseUrl = "https://router.requesty.ai/v1";

bool is_special_scheme(const QString& scheme) {
    return scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
           scheme == QLatin1String("ws") || scheme == QLatin1String("wss") ||
           scheme == QLatin1String("ftp") || scheme == QLatin1String("file");
}

std::string replace_first(std::string text, std::string_view from, std::string_view to) {
    if (const std::size_t at = text.find(from); at != std::string::npos)
        text.replace(at, from.size(), to);
    return text;
}

std::string replace_cname(const std::string& base_url, std::string_view type) {
    if (type == "router") return base_url;
    QUrl url(QString::fromStdString(base_url), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty()) {
        return replace_first(replace_first(base_url, "router", type), "/v1", "");
    }
    const QString host = url.host();
    if (host.contains(QLatin1String("router"))) {
        QString replaced = host;
        replaced.replace(replaced.indexOf(QLatin1String("router")), 6,
                         QString::fromUtf8(type.data(), static_cast<qsizetype>(type.size())));
        url.setHost(replaced);
    }
    if (url.path().endsWith(QLatin1String("/v1"))) url.setPath(url.path().chopped(3));
    return whatwg_url_string(url.toString(QUrl::FullyEncoded).toStdString()).value_or(base_url);
}

}  // namespace

std::optional<std::string> whatwg_url_string(const std::string& text) {
    QUrl url(QString::fromStdString(text), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty()) return std::nullopt;
    if (is_special_scheme(url.scheme()) && url.host().isEmpty()) return std::nullopt;
    if (is_special_scheme(url.scheme()) && url.path().isEmpty()) url.setPath(QStringLiteral("/"));
    return url.toString(QUrl::FullyEncoded).toStdString();
}

std::string to_requesty_service_url(const std::optional<std::string>& base_url,
                                    std::string_view service) {
    const QString trimmed = base_url ? QString::fromStdString(*base_url).trimmed() : QString();
    const std::string url_to_use =
        trimmed.isEmpty() ? std::string(kRequestyBaseUrl) : trimmed.toStdString();
    if (const std::optional<std::string> validated = whatwg_url_string(url_to_use))
        return replace_cname(*validated, service);
    // An invalid base URL falls back to the default (the reference warns about it).
    return replace_cname(kRequestyBaseUrl, service);
}

}  // namespace lapce_ai::providers
