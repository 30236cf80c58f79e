#pragma once

#include <QString>

#include "expected.h"
#include "monitor_backend.h"

class QCommandLineParser;

namespace lapce_ai::monitor {

struct CommandLine {
    MonitorSettings settings;
    bool tray_only = false;  // --tray: start hidden in the tray
    QString screenshot;      // --screenshot FILE: write a PNG of the window and exit
    int screenshot_after_s = 3;
};

// Adds the monitor's options (and --help / --version) to `parser`.
void add_options(QCommandLineParser& parser);
// Reads a processed parser; an error names the bad option value.
Expected<CommandLine, QString> read_command_line(const QCommandLineParser& parser);

}  // namespace lapce_ai::monitor
