#pragma once

#include "monitor_options.h"

namespace lapce_ai::monitor {

// Wires the backend, window and tray icon for `command_line` and runs the event loop of the
// existing QApplication; returns the exit code.
int run_monitor(const CommandLine& command_line);

}  // namespace lapce_ai::monitor
