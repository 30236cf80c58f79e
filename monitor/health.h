#pragma once

#include <QColor>
#include <QString>

#include "metrics_history.h"
#include "snapshot.h"

namespace lapce_ai::monitor {

// The tray's traffic light: green, amber (connecting, reconnecting, or over a threshold), red
// (stopped).
enum class Health { Ok, Warning, Down };

struct HealthThresholds {
    double memory_mb = 40;  // resident set size
    double latency_p99_us = 1000;
};

Health evaluate_health(ServiceState state, const MetricsSample& latest,
                       const HealthThresholds& thresholds = {});
QColor health_colour(Health health);
// "lapce-ai: running — memory 12.3 MB, p99 45 µs, 2 recoveries".
QString health_summary(ServiceState state, const MetricsSample& latest, quint64 recoveries);
QString state_name(ServiceState state);

}  // namespace lapce_ai::monitor
