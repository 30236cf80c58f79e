#include "termination_signals.h"

#include <signal.h>
#include <sys/signalfd.h>

namespace lapce_ai {

TerminationSignals::TerminationSignals(QObject* parent) : QObject(parent) {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    // Blocked here, in the main thread, before any other thread exists: all threads inherit it.
    ::pthread_sigmask(SIG_BLOCK, &mask, nullptr);
    fd_.reset(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!fd_.valid()) return;
    notifier_ = std::make_unique<QSocketNotifier>(fd_.get(), QSocketNotifier::Read);
    connect(notifier_.get(), &QSocketNotifier::activated, this, [this] {
        signalfd_siginfo info{};
        while (::read(fd_.get(), &info, sizeof info) == sizeof info) {
        }
        Q_EMIT terminationRequested();
    });
}

}  // namespace lapce_ai
