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

}  // namespace lapce_ai
