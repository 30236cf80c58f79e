#pragma once

#include <QByteArray>
#include <QUrl>

#include <chrono>
#include <utility>
#include <vector>

namespace lapce_ai::providers {

struct HttpRequest {
    QByteArray method = QByteArrayLiteral("POST");
    QUrl url;
    // Sent as given, in order (names as the reference writes them; HTTP compares them
    // case-insensitively).
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // Time allowed until the response headers arrive; zero: no limit.
    std::chrono::milliseconds timeout{0};

    void set_header(const QByteArray& name, const QByteArray& value);
};

}  // namespace lapce_ai::providers
