#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <QSocketNotifier>

#include <array>

#include "termination_signals.h"
#include "unique_fd.h"

namespace lapce_ai {
namespace {

// The self-pipe: the handler may only write(); the event loop reads.
int g_signal_pipe_write = -1;

extern "C" void on_termination_signal(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signal_pipe_write, &byte, 1);
}

}  // namespace

struct TerminationSignals::Platform {
    UniqueFd read_end;
    UniqueFd write_end;
    std::unique_ptr<QSocketNotifier> notifier;
};

TerminationSignals::TerminationSignals(QObject* parent)
    : QObject(parent), platform_(std::make_unique<Platform>()) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    platform_->read_end.reset(fds[0]);
    platform_->write_end.reset(fds[1]);
    for (int fd : fds) {
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    g_signal_pipe_write = fds[1];
    struct sigaction action {};
    action.sa_handler = on_termination_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signal_number : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(signal_number, &action, nullptr);
    platform_->notifier = std::make_unique<QSocketNotifier>(fds[0], QSocketNotifier::Read);
    connect(platform_->notifier.get(), &QSocketNotifier::activated, this, [this] {
        std::array<char, 64> drained{};
        while (::read(platform_->read_end.get(), drained.data(), drained.size()) > 0) {
        }
        Q_EMIT terminationRequested();
    });
}

TerminationSignals::~TerminationSignals() {
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (int signal_number : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(signal_number, &action, nullptr);
    g_signal_pipe_write = -1;
}

}  // namespace lapce_ai
