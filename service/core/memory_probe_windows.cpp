#include <malloc.h>
#include <windows.h>
// psapi.h needs the types from windows.h.
#include <psapi.h>

#include "memory_probe.h"

namespace lapce_ai {

// The working set is what RSS means elsewhere; private bytes stand in for PSS (Windows has no
// proportional figure) and for the heap.
MemoryUsage probe_memory() {
    MemoryUsage usage;
    PROCESS_MEMORY_COUNTERS_EX counters{};
    if (::GetProcessMemoryInfo(::GetCurrentProcess(),
                               reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&counters),
                               sizeof counters)) {
        usage.rss_bytes = counters.WorkingSetSize;
        usage.pss_bytes = counters.PrivateUsage;
        usage.heap_in_use_bytes = counters.PrivateUsage;
    }
    return usage;
}

void release_free_heap_memory() {
    _heapmin();
}

// The system allocators size their zones / heaps themselves.
void configure_service_heap() {}

}  // namespace lapce_ai
