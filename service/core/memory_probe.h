#pragma once

#include <cstdint>

namespace lapce_ai {

struct MemoryUsage {
    std::uint64_t rss_bytes = 0;
    std::uint64_t pss_bytes = 0;
    // Resident anonymous memory (heap, stacks), without file-backed pages such as the binary's
    // read-only data; 0 where the system does not tell.
    std::uint64_t anonymous_bytes = 0;
    std::uint64_t heap_in_use_bytes = 0;
};

// RSS and PSS from /proc/self/smaps_rollup, heap in use from the allocator.
MemoryUsage probe_memory();

// Gives the system back the heap's free pages (glibc keeps what large transient work such as
// compiling a tree-sitter query freed). Costs about a millisecond; for after rare, big work.
void release_free_heap_memory();

// Sets the allocator up for a long-running service with a small heap: before any thread starts.
// On glibc, at most four heap arenas (unless MALLOC_ARENA_MAX says otherwise): each pool thread
// would otherwise get its own, and each keeps the memory its thread freed (up to 16 arenas on a
// two-core machine, ~2 MB each under eight busy clients).
void configure_service_heap();

}  // namespace lapce_ai
