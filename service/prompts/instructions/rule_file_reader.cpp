#include "rule_file_reader.h"

#include <QFile>
#include <filesystem>
#include <system_error>

#include "js_string.h"

namespace lapce_ai::prompts {

Expected<std::optional<std::string>, RuleFileError> read_rule_file(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::status(fs::path(path), error);
    if (error) {
        if (error == std::errc::no_such_file_or_directory) return std::optional<std::string>();
        return unexpected(RuleFileError{path, error.message()});
    }
    if (fs::is_directory(status)) return std::optional<std::string>();

    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        return unexpected(RuleFileError{path, file.errorString().toStdString()});
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        return unexpected(RuleFileError{path, file.errorString().toStdString()});
    }
    return std::optional<std::string>(
        decode_utf8_lossy(std::string_view(bytes.constData(), std::size_t(bytes.size()))));
}

}  // namespace lapce_ai::prompts
