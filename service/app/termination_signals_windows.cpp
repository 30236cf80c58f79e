#include <windows.h>

#include <QMetaObject>
#include <QPointer>

#include "termination_signals.h"

namespace lapce_ai {
namespace {

QPointer<TerminationSignals> g_instance;

BOOL WINAPI on_console_event(DWORD) {
    // Runs on a thread of its own: hand the request to the event loop.
    if (g_instance) {
        QMetaObject::invokeMethod(g_instance.data(), &TerminationSignals::terminationRequested,
                                  Qt::QueuedConnection);
    }
    return TRUE;
}

}  // namespace

struct TerminationSignals::Platform {};

TerminationSignals::TerminationSignals(QObject* parent)
    : QObject(parent), platform_(std::make_unique<Platform>()) {
    g_instance = this;
    ::SetConsoleCtrlHandler(on_console_event, TRUE);
}

TerminationSignals::~TerminationSignals() {
    ::SetConsoleCtrlHandler(on_console_event, FALSE);
    g_instance = nullptr;
}

}  // namespace lapce_ai
