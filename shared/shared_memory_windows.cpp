// Windows: a named, page-file-backed section in the session's "Local\" namespace. Its default
// security descriptor admits only the creating user (and SYSTEM / administrators).
#include <windows.h>

#include "random_hex.h"
#include "shared_memory.h"

namespace lapce_ai::ipc {
namespace {

std::wstring widen(const std::string& text) {
    return std::wstring(text.begin(), text.end());
}

bool valid_name(const std::string& name) {
    return name.rfind("Local\\", 0) == 0 && name.size() > 6 && name.size() < 250;
}

}  // namespace

Expected<SharedMemory, ShmError> SharedMemory::create(const std::string& name, std::size_t size) {
    if (!valid_name(name) || size == 0) return unexpected(ShmError{ShmError::Code::InvalidName});
    const auto wide_size = static_cast<unsigned long long>(size);
    HANDLE mapping = ::CreateFileMappingW(
        INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, static_cast<DWORD>(wide_size >> 32),
        static_cast<DWORD>(wide_size & 0xffffffffu), widen(name).c_str());
    if (mapping == nullptr) {
        return unexpected(
            ShmError{ShmError::Code::CreateFailed, static_cast<int>(::GetLastError())});
    }
    if (::GetLastError() == ERROR_ALREADY_EXISTS) {
        ::CloseHandle(mapping);
        return unexpected(ShmError{ShmError::Code::CreateFailed, ERROR_ALREADY_EXISTS});
    }
    void* view = ::MapViewOfFile(mapping, FILE_MAP_ALL_ACCESS, 0, 0, size);
    if (view == nullptr) {
        const auto error = static_cast<int>(::GetLastError());
        ::CloseHandle(mapping);
        return unexpected(ShmError{ShmError::Code::MapFailed, error});
    }
    SharedMemory memory(name, static_cast<std::byte*>(view), size);
    memory.mapping_ = mapping;
    return memory;
}

Expected<SharedMemory, ShmError> SharedMemory::open(const std::string& name, std::size_t min_size) {
    if (!valid_name(name)) return unexpected(ShmError{ShmError::Code::InvalidName});
    HANDLE mapping = ::OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, widen(name).c_str());
    if (mapping == nullptr) {
        return unexpected(ShmError{ShmError::Code::OpenFailed, static_cast<int>(::GetLastError())});
    }
    void* view = ::MapViewOfFile(mapping, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    if (view == nullptr) {
        const auto error = static_cast<int>(::GetLastError());
        ::CloseHandle(mapping);
        return unexpected(ShmError{ShmError::Code::MapFailed, error});
    }
    MEMORY_BASIC_INFORMATION region{};
    if (::VirtualQuery(view, &region, sizeof region) == 0 || region.RegionSize < min_size) {
        ::UnmapViewOfFile(view);
        ::CloseHandle(mapping);
        return unexpected(ShmError{ShmError::Code::TooSmall});
    }
    SharedMemory memory(name, static_cast<std::byte*>(view), region.RegionSize);
    memory.mapping_ = mapping;
    return memory;
}

std::string SharedMemory::unique_name() {
    return "Local\\lapce-ai-" + random_hex(16);
}

SharedMemory::SharedMemory(std::string name, std::byte* data, std::size_t size)
    : name_(std::move(name)), data_(data), size_(size) {}

void SharedMemory::release() {
    if (data_ != nullptr) ::UnmapViewOfFile(data_);
    if (mapping_ != nullptr) ::CloseHandle(mapping_);
    data_ = nullptr;
    mapping_ = nullptr;
    size_ = 0;
}

void SharedMemory::unlink() {}

}  // namespace lapce_ai::ipc
