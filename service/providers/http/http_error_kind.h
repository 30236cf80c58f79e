#pragma once

// Why a provider exchange failed, as the metrics count it per host.

#include <QNetworkReply>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lapce_ai::providers {

// In the order the metrics list them.
enum class HttpErrorKind : std::uint8_t {
    Timeout,
    Connection,
    Tls,
    Http4xx,
    Http5xx,
    Cancelled,
    Protocol,
};
inline constexpr std::size_t kHttpErrorKinds = 7;

// "timeout", "connection", "tls", "http_4xx", "http_5xx", "cancelled", "protocol".
std::string_view http_error_kind_name(HttpErrorKind kind);

// The kind of a failed reply: `status` is the HTTP status (0: none came), `timed_out` whether our
// own time limit aborted it. Nullopt for a success (no error and a status below 400).
std::optional<HttpErrorKind> classify_http_error(QNetworkReply::NetworkError error, int status,
                                                 bool timed_out);

using HttpErrorCounts = std::array<std::uint64_t, kHttpErrorKinds>;

// Per-host counters, written from the provider thread, read from any.
struct HttpErrorCounters {
    std::array<std::atomic<std::uint64_t>, kHttpErrorKinds> counts{};

    void add(HttpErrorKind kind) {
        counts[static_cast<std::size_t>(kind)].fetch_add(1, std::memory_order_relaxed);
    }
    HttpErrorCounts snapshot() const {
        HttpErrorCounts values{};
        for (std::size_t i = 0; i < kHttpErrorKinds; ++i)
            values[i] = counts[i].load(std::memory_order_relaxed);
        return values;
    }
};

}  // namespace lapce_ai::providers
