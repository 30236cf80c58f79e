#pragma once

// Qt 6.4's HTTP engine leaves Nagle's algorithm on for its connections (its channel does not set
// QAbstractSocket::LowDelayOption), so a request written while an earlier small segment of the
// client (an HTTP/2 WINDOW_UPDATE) still waits for its acknowledgement is held back until the
// peer's delayed ACK comes: about 40 ms per request on a reused connection. The reference's Node
// clients set TCP_NODELAY on their sockets. The sockets are Qt's, out of reach of its API, so
// this finds them among the process's file descriptors.

namespace lapce_ai::providers {

// Sets TCP_NODELAY on every connected TCP socket of the process that lacks it (in the service,
// those are the provider engine's connections); returns how many were changed. Linux and macOS;
// on Windows it changes nothing.
int disable_nagle_on_connected_tcp_sockets();

}  // namespace lapce_ai::providers
