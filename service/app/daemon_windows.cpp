// Windows starts the service detached already (the autostart entry runs it without a console),
// so there is nothing to detach from: readiness is reported by the socket answering.
#include "daemon.h"

namespace lapce_ai {

Daemon Daemon::detach() {
    return Daemon(-1);
}

void Daemon::report(char) {}

void Daemon::report_ready() {}

void Daemon::report_failure() {}

}  // namespace lapce_ai
