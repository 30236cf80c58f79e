#include "fixture_symlinks.h"

#include <QFile>
#include <QFileInfo>
#include <filesystem>
#include <optional>
#include <stdexcept>

namespace lapce_ai::parity {
namespace {

namespace fs = std::filesystem;

// The target a flattened link names: a one-line relative path to something that exists
// inside the fixture.
std::optional<fs::path> flattened_link_target(const fs::path& file, const fs::path& root) {
    std::error_code error;
    if (!fs::is_regular_file(fs::symlink_status(file, error)) || fs::file_size(file, error) > 1024)
        return std::nullopt;
    QFile stream(QString::fromStdString(file.string()));
    if (!stream.open(QIODevice::ReadOnly)) return std::nullopt;
    const std::string text = stream.readAll().toStdString();
    if (text.empty() || text.front() == '/' || text.find_first_of("\n\r\t ") != std::string::npos)
        return std::nullopt;
    const fs::path target = (file.parent_path() / text).lexically_normal();
    const std::string relative = target.lexically_relative(root).generic_string();
    if (relative.empty() || relative.starts_with("..") || !fs::exists(target, error))
        return std::nullopt;
    return fs::path(text);
}

}  // namespace

std::unique_ptr<RestoredFixture> RestoredFixture::restore(const std::string& fixture) {
    const fs::path root(fixture);
    std::error_code error;
    if (!fs::is_directory(root, error)) return nullptr;

    bool flattened = false;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (flattened_link_target(entry.path(), root)) {
            flattened = true;
            break;
        }
    }
    if (!flattened) return nullptr;

    std::unique_ptr<RestoredFixture> restored(new RestoredFixture());
    if (!restored->dir_.isValid()) throw std::runtime_error("no temporary folder");
    restored->original_ = fixture;
    restored->path_ = QFileInfo(restored->dir_.path()).canonicalFilePath().toStdString();
    const fs::path copy(restored->path_);
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const fs::path destination = copy / entry.path().lexically_relative(root);
        if (entry.is_symlink()) {
            fs::create_symlink(fs::read_symlink(entry.path()), destination);
        } else if (entry.is_directory()) {
            fs::create_directories(destination);
        } else if (const auto target = flattened_link_target(entry.path(), root)) {
            fs::create_symlink(*target, destination);
        } else {
            fs::copy_file(entry.path(), destination);
        }
    }
    return restored;
}

std::string RestoredFixture::to_original(std::string text) const {
    for (std::size_t at = text.find(path_); at != std::string::npos;
         at = text.find(path_, at + original_.size())) {
        text.replace(at, path_.size(), original_);
    }
    return text;
}

}  // namespace lapce_ai::parity
