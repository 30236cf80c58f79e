#include <mach/mach.h>
#include <malloc/malloc.h>

#include "memory_probe.h"

namespace lapce_ai {

// macOS has no PSS; the physical footprint (what Activity Monitor shows) stands in for it.
MemoryUsage probe_memory() {
    MemoryUsage usage;
    task_vm_info_data_t info{};
    mach_msg_type_number_t count = TASK_VM_INFO_COUNT;
    if (task_info(mach_task_self(), TASK_VM_INFO, reinterpret_cast<task_info_t>(&info), &count) ==
        KERN_SUCCESS) {
        usage.rss_bytes = info.resident_size;
        usage.pss_bytes = info.phys_footprint;
    }
    malloc_statistics_t heap{};
    malloc_zone_statistics(nullptr, &heap);
    usage.heap_in_use_bytes = heap.size_in_use;
    return usage;
}

void release_free_heap_memory() {
    malloc_zone_pressure_relief(nullptr, 0);
}

// The system allocators size their zones / heaps themselves.
void configure_service_heap() {}

}  // namespace lapce_ai
