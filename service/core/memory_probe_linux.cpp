#include "memory_probe.h"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "unique_fd.h"

// Under AddressSanitizer or ThreadSanitizer the sanitizer's allocator serves malloc.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LAPCE_AI_SANITIZER_OWNS_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LAPCE_AI_SANITIZER_OWNS_MALLOC 1
#endif
#endif
#ifdef LAPCE_AI_SANITIZER_OWNS_MALLOC
// The sanitizer runtime's allocator statistics (sanitizer/allocator_interface.h, which clang ships
// and GCC does not; GCC's runtime exports the function all the same).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

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

// Bytes handed out by malloc and not freed.
std::uint64_t heap_in_use() {
#ifdef LAPCE_AI_SANITIZER_OWNS_MALLOC
    // glibc's arenas are never used then; worse, mallinfo2() would initialise them on first use,
    // which is not thread-safe (two metrics feeds asking at once crashed in int_mallinfo).
    return __sanitizer_get_current_allocated_bytes();
#else
    const struct mallinfo2 info = ::mallinfo2();
    return info.uordblks + info.hblkhd;
#endif
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
    usage.heap_in_use_bytes = heap_in_use();
    return usage;
}

void release_free_heap_memory() {
#ifndef LAPCE_AI_SANITIZER_OWNS_MALLOC
    ::malloc_trim(0);  // like mallinfo2, it would set up glibc's unused arenas under a sanitizer
#endif
}

void configure_service_heap() {
    constexpr int kMaxArenas = 4;
    if (std::getenv("MALLOC_ARENA_MAX") == nullptr) ::mallopt(M_ARENA_MAX, kMaxArenas);
}

}  // namespace lapce_ai
