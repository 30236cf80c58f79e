#include "monitor_app.h"

#include <QApplication>
#include <QPixmap>
#include <QTimer>

#include <cstdio>
#include <memory>

#include "main_window.h"
#include "monitor_logging.h"
#include "tray_icon.h"

namespace lapce_ai::monitor {
namespace {

// Shows the window for `after_s` seconds of live data, then writes it as a PNG and quits.
int run_screenshot(MonitorBackend& backend, MainWindow& window, const CommandLine& command_line) {
    window.show();
    backend.start();
    int exit_code = 0;
    QTimer::singleShot(std::chrono::seconds(command_line.screenshot_after_s), &window, [&]() {
        const QPixmap image = window.grab();
        if (!image.save(command_line.screenshot, "PNG")) {
            std::fprintf(stderr, "lapce-ai-monitor: cannot write %s\n",
                         qUtf8Printable(command_line.screenshot));
            exit_code = 1;
        } else {
            qCInfo(lcMonitor, "wrote %s (%dx%d)", qUtf8Printable(command_line.screenshot),
                   image.width(), image.height());
        }
        QCoreApplication::quit();
    });
    QApplication::exec();
    return exit_code;
}

}  // namespace

int run_monitor(const CommandLine& command_line) {
    MonitorBackend backend(command_line.settings);
    MainWindow window(backend);
    if (!command_line.screenshot.isEmpty()) return run_screenshot(backend, window, command_line);

    std::unique_ptr<TrayIcon> tray;
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray = std::make_unique<TrayIcon>(backend, QCoreApplication::applicationFilePath());
        QObject::connect(tray.get(), &TrayIcon::openMonitorRequested, &window, [&window]() {
            window.show();
            window.raise();
            window.activateWindow();
        });
        QObject::connect(tray.get(), &TrayIcon::quitRequested, qApp, &QCoreApplication::quit);
        // Closing the window leaves the monitor in the tray.
        QApplication::setQuitOnLastWindowClosed(false);
        tray->show();
    } else {
        qCInfo(lcMonitor, "no system tray is available: showing the window%s",
               command_line.tray_only ? " (--tray ignored)" : "");
    }
    if (!tray || !command_line.tray_only) window.show();
    backend.start();
    return QApplication::exec();
}

}  // namespace lapce_ai::monitor
