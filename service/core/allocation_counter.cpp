#include "allocation_counter.h"

// Defined by allocation_hooks.cpp when an executable links it.
extern "C" __attribute__((weak)) std::uint64_t lapce_ai_allocation_count();

namespace lapce_ai {

std::optional<std::uint64_t> allocation_count() {
    if (&lapce_ai_allocation_count == nullptr) return std::nullopt;
    return lapce_ai_allocation_count();
}

}  // namespace lapce_ai
