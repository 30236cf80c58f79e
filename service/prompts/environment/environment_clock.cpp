#include "environment_clock.h"

#include <QDateTime>
#include <QTimeZone>

namespace lapce_ai::prompts {

EnvironmentClock current_environment_clock() {
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QTimeZone zone = QTimeZone::systemTimeZone();
    return {now.toMSecsSinceEpoch(), QTimeZone::systemTimeZoneId().toStdString(),
            zone.offsetFromUtc(now)};
}

std::optional<EnvironmentClock> environment_clock_at(std::int64_t epoch_ms,
                                                     std::string_view time_zone) {
    const QByteArray zone_id(time_zone.data(), qsizetype(time_zone.size()));
    if (zone_id.isEmpty()) return std::nullopt;
    const QTimeZone zone(zone_id);
    if (!zone.isValid()) return std::nullopt;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(epoch_ms, Qt::UTC);
    return EnvironmentClock{epoch_ms, std::string(time_zone), zone.offsetFromUtc(at)};
}

}  // namespace lapce_ai::prompts
