#include "shared_memory.h"

#include <cstring>
#include <utility>

namespace lapce_ai::ipc {

std::string ShmError::message() const {
    const char* what = "shared memory error";
    switch (code) {
        case Code::InvalidName:
            what = "invalid shared memory name";
            break;
        case Code::CreateFailed:
            what = "cannot create shared memory";
            break;
        case Code::OpenFailed:
            what = "cannot open shared memory";
            break;
        case Code::ResizeFailed:
            what = "cannot size shared memory";
            break;
        case Code::MapFailed:
            what = "cannot map shared memory";
            break;
        case Code::TooSmall:
            what = "shared memory segment is smaller than announced";
            break;
    }
    std::string text = what;
#ifdef _WIN32
    if (errno_value != 0) text += ": error " + std::to_string(errno_value);
#else
    if (errno_value != 0) text += std::string(": ") + std::strerror(errno_value);
#endif
    return text;
}

SharedMemory::SharedMemory(SharedMemory&& other) noexcept
    : name_(std::move(other.name_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0))
#ifdef _WIN32
      ,
      mapping_(std::exchange(other.mapping_, nullptr))
#endif
{
}

SharedMemory& SharedMemory::operator=(SharedMemory&& other) noexcept {
    if (this != &other) {
        release();
        name_ = std::move(other.name_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
#ifdef _WIN32
        mapping_ = std::exchange(other.mapping_, nullptr);
#endif
    }
    return *this;
}

SharedMemory::~SharedMemory() {
    release();
}

}  // namespace lapce_ai::ipc
