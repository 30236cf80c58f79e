#include "memory_probe.h"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string_view>

#include "unique_fd.h"

namespace lapce_ai {
namespace {

// The value in kB of the line starting with `key` ("Rss:"), in bytes. Parsed from a stack buffer
// so that a metrics request performs no heap allocation.
std::uint64_t field_bytes(std::string_view text, std::string_view key) {
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line = text.substr(at, end - at);
        if (line.substr(0, key.size()) == key) {
            return std::strtoull(line.data() + key.size(), nullptr, 10) * 1024;
        }
        at = end + 1;
    }
    return 0;
}

}  // namespace

MemoryUsage probe_memory() {
    MemoryUsage usage;
    UniqueFd fd(::open("/proc/self/smaps_rollup", O_RDONLY | O_CLOEXEC));
    if (fd.valid()) {
        char buffer[4096];
        std::size_t filled = 0;
        ssize_t got = 0;
        while (filled < sizeof buffer - 1 &&
               (got = ::read(fd.get(), buffer + filled, sizeof buffer - 1 - filled)) > 0) {
            filled += static_cast<std::size_t>(got);
        }
        buffer[filled] = '\0';
        const std::string_view text(buffer, filled);
        usage.rss_bytes = field_bytes(text, "Rss:");
        usage.pss_bytes = field_bytes(text, "Pss:");
        usage.anonymous_bytes = field_bytes(text, "Anonymous:");
    }
    const struct mallinfo2 info = ::mallinfo2();
    usage.heap_in_use_bytes = info.uordblks + info.hblkhd;
    return usage;
}

void release_free_heap_memory() {
    ::malloc_trim(0);
}

void configure_service_heap() {
    constexpr int kMaxArenas = 4;
    if (std::getenv("MALLOC_ARENA_MAX") == nullptr) ::mallopt(M_ARENA_MAX, kMaxArenas);
}

}  // namespace lapce_ai
