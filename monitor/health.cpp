#include "health.h"

#include <QCoreApplication>

namespace lapce_ai::monitor {

Health evaluate_health(ServiceState state, const MetricsSample& latest,
                       const HealthThresholds& thresholds) {
    switch (state) {
        case ServiceState::Stopped:
            return Health::Down;
        case ServiceState::Connecting:
        case ServiceState::Reconnecting:
            return Health::Warning;
        case ServiceState::Running:
            break;
    }
    if (latest.rss_mb > thresholds.memory_mb || latest.latency_p99_us > thresholds.latency_p99_us) {
        return Health::Warning;
    }
    return Health::Ok;
}

QColor health_colour(Health health) {
    switch (health) {
        case Health::Ok:
            return QColor(0x2e, 0xa0, 0x43);
        case Health::Warning:
            return QColor(0xe0, 0x9b, 0x12);
        case Health::Down:
            return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

QString state_name(ServiceState state) {
    switch (state) {
        case ServiceState::Connecting:
            return QCoreApplication::translate("lapce_ai::monitor", "Connecting");
        case ServiceState::Stopped:
            return QCoreApplication::translate("lapce_ai::monitor", "Service not running");
        case ServiceState::Reconnecting:
            return QCoreApplication::translate("lapce_ai::monitor", "Reconnecting");
        case ServiceState::Running:
            return QCoreApplication::translate("lapce_ai::monitor", "Running");
    }
    return {};
}

QString health_summary(ServiceState state, const MetricsSample& latest, quint64 recoveries) {
    QString text = QStringLiteral("lapce-ai: ") + state_name(state);
    if (state == ServiceState::Running) {
        text += QStringLiteral("\nmemory %1 MB, p99 %2 µs")
                    .arg(latest.rss_mb, 0, 'f', 1)
                    .arg(latest.latency_p99_us, 0, 'f', 0);
    }
    text += QStringLiteral("\n%1 recoveries").arg(recoveries);
    return text;
}

}  // namespace lapce_ai::monitor
