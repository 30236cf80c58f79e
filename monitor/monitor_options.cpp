#include "monitor_options.h"

#include <QCommandLineParser>

namespace lapce_ai::monitor {

void add_options(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        QStringLiteral("Live metrics, crash recoveries and control of lapce-ai-service."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("tray"),
         QStringLiteral("Start in the system tray only (the window opens from its menu).")},
        {QStringLiteral("socket-dir"), QStringLiteral("The service's runtime directory."),
         QStringLiteral("dir")},
        {QStringLiteral("service-binary"),
         QStringLiteral("The lapce-ai-service binary to start (default: next to the monitor, "
                        "else from PATH; never through systemd)."),
         QStringLiteral("path")},
        {QStringLiteral("interval-ms"),
         QStringLiteral("Metrics frame interval (default 500, at least 100)."),
         QStringLiteral("ms")},
        {QStringLiteral("screenshot"),
         QStringLiteral("Connect, wait --after seconds, write a PNG of the window to FILE, exit."),
         QStringLiteral("file")},
        {QStringLiteral("after"),
         QStringLiteral("Seconds to wait before --screenshot (default 3)."),
         QStringLiteral("seconds")},
    });
}

Expected<CommandLine, QString> read_command_line(const QCommandLineParser& parser) {
    CommandLine command_line;
    command_line.settings.socket_dir = parser.value(QStringLiteral("socket-dir"));
    command_line.settings.service_binary = parser.value(QStringLiteral("service-binary"));
    command_line.tray_only = parser.isSet(QStringLiteral("tray"));
    command_line.screenshot = parser.value(QStringLiteral("screenshot"));
    if (parser.isSet(QStringLiteral("interval-ms"))) {
        bool ok = false;
        const int interval = parser.value(QStringLiteral("interval-ms")).toInt(&ok);
        if (!ok || interval < 100) {
            return unexpected(QStringLiteral("--interval-ms wants a number of at least 100"));
        }
        command_line.settings.interval = std::chrono::milliseconds(interval);
    }
    if (parser.isSet(QStringLiteral("after"))) {
        bool ok = false;
        command_line.screenshot_after_s = parser.value(QStringLiteral("after")).toInt(&ok);
        if (!ok || command_line.screenshot_after_s < 0) {
            return unexpected(QStringLiteral("--after wants a number of seconds"));
        }
    }
    return command_line;
}

}  // namespace lapce_ai::monitor
