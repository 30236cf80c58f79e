#pragma once

#include <QMetaType>

#include "lapce_ai.pb.h"

namespace lapce_ai::monitor {

// One frame of the service's metrics feed as the monitor received it. A value type: it crosses
// from the client's worker thread to the GUI thread through queued signals.
struct Snapshot {
    qint64 received_at_ms = 0;  // when it arrived, milliseconds since the Unix epoch
    ipc::proto::MetricsSnapshot metrics;
};

// What the monitor knows about the service: nothing yet (Connecting, before the first answer),
// frames arrive (Running), the service was lost and the client is trying to get it back
// (Reconnecting), or no service answers (Stopped).
enum class ServiceState { Connecting, Stopped, Reconnecting, Running };

// A reconnect the monitor itself went through: from losing the service to the first frame of
// the new one.
struct Recovery {
    qint64 at_ms = 0;  // when the first frame of the new service arrived
    qint64 duration_ms = 0;
};

}  // namespace lapce_ai::monitor

Q_DECLARE_METATYPE(lapce_ai::monitor::Snapshot)
Q_DECLARE_METATYPE(lapce_ai::monitor::ServiceState)
Q_DECLARE_METATYPE(lapce_ai::monitor::Recovery)
