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

}  // namespace lapce_ai::prompts
