#include "shared_memory.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "random_hex.h"
#include "unique_fd.h"

namespace lapce_ai::ipc {
namespace {

bool valid_name(const std::string& name) {
    return name.size() > 1 && name.size() < 250 && name[0] == '/' &&
           name.find('/', 1) == std::string::npos;
}

Expected<std::byte*, ShmError> map(int fd, std::size_t size) {
    void* address = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (address == MAP_FAILED) return unexpected(ShmError{ShmError::Code::MapFailed, errno});
    return static_cast<std::byte*>(address);
}

}  // namespace

Expected<SharedMemory, ShmError> SharedMemory::create(const std::string& name, std::size_t size) {
    if (!valid_name(name) || size == 0) return unexpected(ShmError{ShmError::Code::InvalidName});
    UniqueFd fd(::shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600));
    if (!fd.valid()) return unexpected(ShmError{ShmError::Code::CreateFailed, errno});
    if (::ftruncate(fd.get(), static_cast<off_t>(size)) != 0) {
        const int error = errno;
        ::shm_unlink(name.c_str());
        return unexpected(ShmError{ShmError::Code::ResizeFailed, error});
    }
    auto data = map(fd.get(), size);
    if (!data) {
        ::shm_unlink(name.c_str());
        return unexpected(data.error());
    }
    return SharedMemory(name, *data, size);
}

Expected<SharedMemory, ShmError> SharedMemory::open(const std::string& name, std::size_t min_size) {
    if (!valid_name(name)) return unexpected(ShmError{ShmError::Code::InvalidName});
    UniqueFd fd(::shm_open(name.c_str(), O_RDWR | O_CLOEXEC, 0));
    if (!fd.valid()) return unexpected(ShmError{ShmError::Code::OpenFailed, errno});
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        return unexpected(ShmError{ShmError::Code::OpenFailed, errno});
    if (info.st_size < 0 || static_cast<std::size_t>(info.st_size) < min_size) {
        return unexpected(ShmError{ShmError::Code::TooSmall});
    }
    const auto size = static_cast<std::size_t>(info.st_size);
    auto data = map(fd.get(), size);
    if (!data) return unexpected(data.error());
    return SharedMemory(name, *data, size);
}

std::string SharedMemory::unique_name() {
#ifdef __APPLE__
    return "/lai-" + random_hex(12);
#else
    return "/lapce-ai-" + std::to_string(::getuid()) + "-" + random_hex(16);
#endif
}

SharedMemory::SharedMemory(std::string name, std::byte* data, std::size_t size)
    : name_(std::move(name)), data_(data), size_(size) {}

void SharedMemory::release() {
    if (data_ != nullptr) ::munmap(data_, size_);
    data_ = nullptr;
    size_ = 0;
}

void SharedMemory::unlink() {
    if (!name_.empty()) ::shm_unlink(name_.c_str());
}

}  // namespace lapce_ai::ipc
