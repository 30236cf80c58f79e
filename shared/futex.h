#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace lapce_ai::ipc {

// Process-shared wait/wake on a 32-bit word that lives in shared memory. A wait returns when the
// word no longer holds `expected`, when woken, or after `timeout` (spurious returns are allowed;
// callers re-check their condition).
void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected,
                std::chrono::microseconds timeout);
void futex_wake_all(std::atomic<std::uint32_t>& word);

}  // namespace lapce_ai::ipc
