#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <optional>

#include "mapped_file.h"
#include "unique_fd.h"

namespace lapce_ai {
namespace {

FileError error_from_errno(int error, const std::string& path) {
    FileErrorKind kind = FileErrorKind::Other;
    if (error == ENOENT) kind = FileErrorKind::NotFound;
    if (error == ENOTDIR) kind = FileErrorKind::NotADirectory;
    if (error == EISDIR) kind = FileErrorKind::IsDirectory;
    if (error == EACCES || error == EPERM) kind = FileErrorKind::PermissionDenied;
    return {kind, path, std::strerror(error)};
}

FileStamp stamp_of(const struct stat& info) {
#if defined(__APPLE__)
    const std::int64_t modified =
        std::int64_t(info.st_mtimespec.tv_sec) * 1'000'000'000 + info.st_mtimespec.tv_nsec;
#else
    const std::int64_t modified =
        std::int64_t(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
#endif
    return {std::uint64_t(info.st_size), modified, std::uint64_t(info.st_ino)};
}

std::optional<FileError> check_regular(const struct stat& info, const std::string& path) {
    if (S_ISDIR(info.st_mode))
        return FileError{FileErrorKind::IsDirectory, path, std::strerror(EISDIR)};
    if (!S_ISREG(info.st_mode)) {
        return FileError{FileErrorKind::NotARegularFile, path, "not a regular file"};
    }
    return std::nullopt;
}

}  // namespace

std::int64_t file_clock_now_ns() {
    struct timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return std::int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

Expected<FileStamp, FileError> stat_file(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return unexpected(error_from_errno(errno, path));
    if (auto error = check_regular(info, path)) return unexpected(std::move(*error));
    return stamp_of(info);
}

Expected<FileStamp, FileError> stat_directory(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return unexpected(error_from_errno(errno, path));
    if (!S_ISDIR(info.st_mode)) return unexpected(error_from_errno(ENOTDIR, path));
    FileStamp stamp = stamp_of(info);
    stamp.size = 0;
    return stamp;
}

Expected<std::shared_ptr<const MappedFile>, FileError> MappedFile::open(const std::string& path) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) return unexpected(error_from_errno(errno, path));
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) return unexpected(error_from_errno(errno, path));
    if (auto error = check_regular(info, path)) return unexpected(std::move(*error));
    auto file = std::make_shared<MappedFile>(Private{});
    file->stamp_ = stamp_of(info);
    const std::size_t size = std::size_t(info.st_size);
    if (size >= kMapThreshold) {
        void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
        if (data == MAP_FAILED) return unexpected(error_from_errno(errno, path));
        file->data_ = data;
        file->size_ = size;
        file->mapped_ = true;
        return std::shared_ptr<const MappedFile>(std::move(file));
    }
    // Read up to EOF: the size may have changed since fstat.
    file->buffer_.resize(size);
    std::size_t filled = 0;
    for (;;) {
        if (filled == file->buffer_.size()) file->buffer_.resize(file->buffer_.size() + 4096);
        const ssize_t got =
            ::read(fd.get(), file->buffer_.data() + filled, file->buffer_.size() - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return unexpected(error_from_errno(errno, path));
        if (got == 0) break;
        filled += std::size_t(got);
    }
    file->buffer_.resize(filled);
    file->data_ = file->buffer_.data();
    file->size_ = filled;
    return std::shared_ptr<const MappedFile>(std::move(file));
}

MappedFile::~MappedFile() {
    if (mapped_) ::munmap(const_cast<void*>(data_), size_);
}

}  // namespace lapce_ai
