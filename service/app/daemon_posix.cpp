#include "daemon.h"

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdlib>

namespace lapce_ai {

Daemon Daemon::detach() {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) std::_Exit(1);
    const pid_t child = ::fork();
    if (child < 0) std::_Exit(1);
    if (child > 0) {
        ::close(pipe_fds[1]);
        char status = 1;
        const bool got = ::read(pipe_fds[0], &status, 1) == 1;
        std::_Exit(got && status == 0 ? 0 : 1);
    }
    ::close(pipe_fds[0]);
    ::setsid();
    return Daemon(pipe_fds[1]);
}

void Daemon::report(char status) {
    if (ready_fd_ < 0) return;
    [[maybe_unused]] const ssize_t written = ::write(ready_fd_, &status, 1);
    ::close(ready_fd_);
    ready_fd_ = -1;
    if (status == 0) {
        const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd >= 0) {
            ::dup2(null_fd, STDIN_FILENO);
            ::dup2(null_fd, STDOUT_FILENO);
            ::dup2(null_fd, STDERR_FILENO);
            ::close(null_fd);
        }
    }
}

void Daemon::report_ready() {
    report(0);
}

void Daemon::report_failure() {
    report(1);
}

}  // namespace lapce_ai
