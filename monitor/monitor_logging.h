#pragma once

#include <QLoggingCategory>

namespace lapce_ai::monitor {

// Log lines of the monitor ("lapce.monitor"; QT_LOGGING_RULES="lapce.monitor.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcMonitor)

}  // namespace lapce_ai::monitor
