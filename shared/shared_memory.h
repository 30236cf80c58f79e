#pragma once

#include <cstddef>
#include <string>

#include "expected.h"

namespace lapce_ai::ipc {

struct ShmError {
    enum class Code { InvalidName, CreateFailed, OpenFailed, ResizeFailed, MapFailed, TooSmall };
    Code code = Code::OpenFailed;
    int errno_value = 0;
    std::string message() const;
};

// An owned POSIX shared-memory mapping (shm_open + mmap). The mapping is released on destruction;
// the name is removed by unlink() (the service calls it as soon as both sides have mapped, and
// again when the session ends, so no name outlives its session).
class SharedMemory {
  public:
    static Expected<SharedMemory, ShmError> create(const std::string& name, std::size_t size);
    static Expected<SharedMemory, ShmError> open(const std::string& name, std::size_t min_size);
    // "/lapce-ai-<uid>-<128 random bits in hex>": unguessable, so no other process can race us.
    static std::string unique_name();

    SharedMemory(SharedMemory&& other) noexcept;
    SharedMemory& operator=(SharedMemory&& other) noexcept;
    SharedMemory(const SharedMemory&) = delete;
    SharedMemory& operator=(const SharedMemory&) = delete;
    ~SharedMemory();

    std::byte* data() const { return data_; }
    std::size_t size() const { return size_; }
    const std::string& name() const { return name_; }
    void unlink();

  private:
    SharedMemory(std::string name, std::byte* data, std::size_t size);
    void release();

    std::string name_;
    std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace lapce_ai::ipc
