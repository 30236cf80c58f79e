#include "tcp_no_delay.h"

namespace lapce_ai::providers {

// Windows has no descriptor table to list a process's sockets from; Qt's keep Nagle on there.
int disable_nagle_on_connected_tcp_sockets() {
    return 0;
}

}  // namespace lapce_ai::providers
