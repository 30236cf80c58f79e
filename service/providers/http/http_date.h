#pragma once

// Dates in HTTP headers (Date, Retry-After) as JavaScript's Date.parse reads the forms servers
// send.

#include <QByteArray>

#include <optional>

namespace lapce_ai::providers {

// Milliseconds since the epoch of an IMF-fixdate ("Tue, 30 Sep 2025 13:41:00 GMT"), another
// RFC 2822 date or an ISO 8601 date-time; nullopt for anything else.
std::optional<qint64> parse_http_date(const QByteArray& value);

}  // namespace lapce_ai::providers
