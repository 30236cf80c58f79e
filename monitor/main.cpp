// lapce-ai-monitor: live metrics, crash recoveries and control of lapce-ai-service.
#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>
#include <memory>
#include <string_view>

#include "monitor_app.h"
#include "monitor_options.h"

namespace {

// --help and --version print and exit: they need no display, so they get no GUI application.
bool wants_text_only(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument(argv[i]);
        if (argument == "--help" || argument == "-h" || argument == "--help-all" ||
            argument == "--version" || argument == "-v") {
            return true;
        }
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    const std::unique_ptr<QCoreApplication> app =
        wants_text_only(argc, argv) ? std::make_unique<QCoreApplication>(argc, argv)
                                    : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("lapce-ai"));
    QCoreApplication::setApplicationName(QStringLiteral("lapce-ai-monitor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LAPCE_AI_VERSION));

    QCommandLineParser parser;
    lapce_ai::monitor::add_options(parser);
    parser.process(*app);
    auto command_line = lapce_ai::monitor::read_command_line(parser);
    if (!command_line) {
        std::fprintf(stderr, "lapce-ai-monitor: %s (see --help)\n",
                     qUtf8Printable(command_line.error()));
        return 2;
    }
    return lapce_ai::monitor::run_monitor(*command_line);
}
