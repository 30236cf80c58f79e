#include "tcp_no_delay.h"

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdlib>
#include <vector>

namespace lapce_ai::providers {

namespace {

bool disable_nagle_if_connected_tcp(int fd) {
    struct stat status {};
    if (fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode)) return false;
    int type = 0;
    socklen_t length = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) != 0 || type != SOCK_STREAM)
        return false;
    sockaddr_storage peer{};
    length = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return false;
    if (peer.ss_family != AF_INET && peer.ss_family != AF_INET6) return false;
    int no_delay = 0;
    length = sizeof no_delay;
    if (getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &no_delay, &length) != 0 || no_delay != 0)
        return false;
    no_delay = 1;
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &no_delay, sizeof no_delay) == 0;
}

// The process's open descriptors, from the directory the system lists them in.
std::vector<int> open_descriptors() {
#if defined(__APPLE__)
    constexpr const char* kListing = "/dev/fd";
#else
    constexpr const char* kListing = "/proc/self/fd";
#endif
    std::vector<int> descriptors;
    DIR* directory = opendir(kListing);
    if (directory == nullptr) return descriptors;
    const int own = dirfd(directory);
    while (const dirent* entry = readdir(directory)) {
        char* end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end != entry->d_name && *end == '\0' && fd != own)
            descriptors.push_back(static_cast<int>(fd));
    }
    closedir(directory);
    return descriptors;
}

}  // namespace

int disable_nagle_on_connected_tcp_sockets() {
    int changed = 0;
    for (const int fd : open_descriptors()) changed += disable_nagle_if_connected_tcp(fd) ? 1 : 0;
    return changed;
}

}  // namespace lapce_ai::providers
