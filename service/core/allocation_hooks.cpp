// Counting allocator hooks, linked into executables (not libraries): every malloc family call is
// counted and forwarded to glibc. operator new goes through malloc, so it is counted too. This is
// how the "no allocation in the message hot path" guarantee is measured in tests and benchmarks.
#include <atomic>
#include <cstddef>
#include <cstdint>

extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
}

namespace {
std::atomic<std::uint64_t> g_allocations{0};

inline void count() {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

extern "C" {

std::uint64_t lapce_ai_allocation_count() {
    return g_allocations.load(std::memory_order_relaxed);
}

void* malloc(std::size_t size) {
    count();
    return __libc_malloc(size);
}

void* calloc(std::size_t count_of, std::size_t size) {
    count();
    return __libc_calloc(count_of, size);
}

void* realloc(void* pointer, std::size_t size) {
    count();
    return __libc_realloc(pointer, size);
}

void* memalign(std::size_t alignment, std::size_t size) {
    count();
    return __libc_memalign(alignment, size);
}

void* aligned_alloc(std::size_t alignment, std::size_t size) {
    count();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
    count();
    void* pointer = __libc_memalign(alignment, size);
    if (pointer == nullptr) return 12;  // ENOMEM
    *out = pointer;
    return 0;
}

}  // extern "C"
