#include <windows.h>

#include <cwchar>

#include "mapped_file.h"

namespace lapce_ai {
namespace {

struct Handle {
    HANDLE value = INVALID_HANDLE_VALUE;
    ~Handle() {
        if (value && value != INVALID_HANDLE_VALUE) CloseHandle(value);
    }
};

std::wstring wide(const std::string& utf8) {
    const int length = MultiByteToWideChar(CP_UTF8, 0, utf8.c_str(), -1, nullptr, 0);
    std::wstring result(std::size_t(length > 0 ? length : 1), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, utf8.c_str(), -1, result.data(), length);
    result.resize(std::wcslen(result.c_str()));
    return result;
}

FileError last_error(const std::string& path) {
    const DWORD error = GetLastError();
    FileErrorKind kind = FileErrorKind::Other;
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
        kind = FileErrorKind::NotFound;
    if (error == ERROR_DIRECTORY) kind = FileErrorKind::NotADirectory;
    if (error == ERROR_ACCESS_DENIED) kind = FileErrorKind::PermissionDenied;
    return {kind, path, "Windows error " + std::to_string(error)};
}

// The stamp of an open file or directory; `directory` says which one is expected.
Expected<FileStamp, FileError> stamp_of(HANDLE file, const std::string& path, bool directory) {
    BY_HANDLE_FILE_INFORMATION info{};
    if (!GetFileInformationByHandle(file, &info)) return unexpected(last_error(path));
    const bool is_directory = (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    if (is_directory && !directory) {
        return unexpected(FileError{FileErrorKind::IsDirectory, path, "is a directory"});
    }
    if (!is_directory && directory) {
        return unexpected(FileError{FileErrorKind::NotADirectory, path, "not a directory"});
    }
    FileStamp stamp;
    if (!directory) stamp.size = (std::uint64_t(info.nFileSizeHigh) << 32) | info.nFileSizeLow;
    // 100 ns ticks; only equality matters.
    stamp.modified_ns = std::int64_t((std::uint64_t(info.ftLastWriteTime.dwHighDateTime) << 32) |
                                     info.ftLastWriteTime.dwLowDateTime) *
                        100;
    stamp.file_id = (std::uint64_t(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
    return stamp;
}

HANDLE open_for_reading(const std::string& path) {
    // FILE_FLAG_BACKUP_SEMANTICS lets a directory open, so that it is reported as one.
    return CreateFileW(wide(path).c_str(), GENERIC_READ,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                       OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_BACKUP_SEMANTICS, nullptr);
}

}  // namespace

std::int64_t file_clock_now_ns() {
    FILETIME now{};
    GetSystemTimePreciseAsFileTime(&now);
    return std::int64_t((std::uint64_t(now.dwHighDateTime) << 32) | now.dwLowDateTime) * 100;
}

Expected<FileStamp, FileError> stat_file(const std::string& path) {
    Handle file{open_for_reading(path)};
    if (file.value == INVALID_HANDLE_VALUE) return unexpected(last_error(path));
    return stamp_of(file.value, path, false);
}

Expected<FileStamp, FileError> stat_directory(const std::string& path) {
    Handle file{open_for_reading(path)};
    if (file.value == INVALID_HANDLE_VALUE) return unexpected(last_error(path));
    return stamp_of(file.value, path, true);
}

Expected<std::shared_ptr<const MappedFile>, FileError> MappedFile::open(const std::string& path) {
    Handle file{open_for_reading(path)};
    if (file.value == INVALID_HANDLE_VALUE) return unexpected(last_error(path));
    auto stamp = stamp_of(file.value, path, false);
    if (!stamp) return unexpected(stamp.error());
    auto result = std::make_shared<MappedFile>(Private{});
    result->stamp_ = *stamp;
    const std::size_t size = std::size_t(stamp->size);
    if (size >= kMapThreshold) {
        Handle mapping{CreateFileMappingW(file.value, nullptr, PAGE_READONLY, 0, 0, nullptr)};
        if (!mapping.value) return unexpected(last_error(path));
        const void* data = MapViewOfFile(mapping.value, FILE_MAP_READ, 0, 0, 0);
        if (!data) return unexpected(last_error(path));
        result->data_ = data;
        result->size_ = size;
        result->mapped_ = true;
        return std::shared_ptr<const MappedFile>(std::move(result));
    }
    result->buffer_.resize(size);
    DWORD got = 0;
    if (size > 0 && !ReadFile(file.value, result->buffer_.data(), DWORD(size), &got, nullptr)) {
        return unexpected(last_error(path));
    }
    result->buffer_.resize(got);
    result->data_ = result->buffer_.data();
    result->size_ = got;
    return std::shared_ptr<const MappedFile>(std::move(result));
}

MappedFile::~MappedFile() {
    if (mapped_) UnmapViewOfFile(data_);
}

}  // namespace lapce_ai
