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

// An owned shared-memory mapping: shm_open + mmap on POSIX systems, a named section
// (CreateFileMapping + MapViewOfFile) on Windows. The mapping is released on destruction. On
// POSIX the name is removed by unlink() (called as soon as both sides have mapped, and again
// when the session ends, so no name outlives its session); a Windows section has no name of its
// own to remove: it disappears with the last handle.
class SharedMemory {
  public:
    static Expected<SharedMemory, ShmError> create(const std::string& name, std::size_t size);
    static Expected<SharedMemory, ShmError> open(const std::string& name, std::size_t min_size);
    // Unguessable, so no other process can race us: "/lapce-ai-<uid>-<128 random bits>" on Linux,
    // "/lai-<96 random bits>" within macOS's 31-character limit, "Local\\lapce-ai-<128 bits>"
    // on Windows.
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
#ifdef _WIN32
    void* mapping_ = nullptr;  // the section handle, kept open as long as the view
#endif
};

}  // namespace lapce_ai::ipc
