#pragma once

#include <cstdint>
#include <optional>

namespace lapce_ai {

// Heap allocations made by this process so far, when the executable links the counting
// allocator hooks (allocation_hooks.cpp); std::nullopt otherwise (e.g. sanitizer builds).
std::optional<std::uint64_t> allocation_count();

}  // namespace lapce_ai
