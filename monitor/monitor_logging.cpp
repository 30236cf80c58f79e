#include "monitor_logging.h"

namespace lapce_ai::monitor {

Q_LOGGING_CATEGORY(lcMonitor, "lapce.monitor")

}  // namespace lapce_ai::monitor
