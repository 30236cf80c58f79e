#pragma once

// The bytes of a whole file, read-only, plus the stamp that tells whether the file changed.
// Large files are memory-mapped; small ones are read into memory, which is faster for them and
// cannot fault when another process truncates the file while it is mapped.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "expected.h"

namespace lapce_ai {

// Identity and version of a file as the file system reports it.
struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t modified_ns = 0;
    std::uint64_t file_id = 0;  // inode / file index: a replaced file is a different file
    bool operator==(const FileStamp&) const = default;
};

// NotADirectory: a component of the path is a file (ENOTDIR), which callers that mirror Node
// must not confuse with a missing file. NotARegularFile: a FIFO, socket or device, which is
// not read (it may never end).
enum class FileErrorKind {
    NotFound,
    NotADirectory,
    IsDirectory,
    NotARegularFile,
    PermissionDenied,
    Other
};

struct FileError {
    FileErrorKind kind = FileErrorKind::Other;
    std::string path;
    std::string reason;  // the system's text, e.g. "Permission denied"
    std::string message() const { return path + ": " + reason; }
};

// The current time on the scale of FileStamp::modified_ns.
std::int64_t file_clock_now_ns();

// Whether a stamp observed at `observed_at_ns` (file_clock_now_ns before the file was read or
// listed) cannot vouch for the contents: a change in the same clock tick of the file system
// (its timestamps may lag the clock by a scheduler tick) would leave the stamp unchanged. As git
// does with racily clean index entries, such files are read again rather than trusted.
inline bool is_racy(const FileStamp& stamp, std::int64_t observed_at_ns) {
    constexpr std::int64_t kRacyWindowNs = 20'000'000;
    return stamp.modified_ns > observed_at_ns - kRacyWindowNs;
}

// The stamp of a regular file (following symlinks); other kinds of files are errors.
Expected<FileStamp, FileError> stat_file(const std::string& path);

// The stamp of a directory (following symlinks): modification time and identity, size 0.
Expected<FileStamp, FileError> stat_directory(const std::string& path);

class MappedFile {
  public:
    static Expected<std::shared_ptr<const MappedFile>, FileError> open(const std::string& path);

    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }
    const FileStamp& stamp() const { return stamp_; }

    // Files from this size on are mapped rather than read.
    static constexpr std::size_t kMapThreshold = 256 * 1024;

    struct Private {};
    explicit MappedFile(Private) {}

  private:
    const void* data_ = nullptr;
    std::size_t size_ = 0;
    bool mapped_ = false;
    std::string buffer_;  // the contents of a small file
    FileStamp stamp_;
};

}  // namespace lapce_ai
