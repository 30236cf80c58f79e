#pragma once

// Recycles coroutine frames: a stream awaits a fresh Task for every event (the next SSE message,
// the next chunk), and each would otherwise be a heap allocation. Blocks are kept per size class
// on the thread that frees them, a few per class, so the memory held stays small.

#include <cstddef>

namespace lapce_ai::providers::frame_pool {

void* allocate(std::size_t size);
void release(void* frame, std::size_t size) noexcept;

}  // namespace lapce_ai::providers::frame_pool
