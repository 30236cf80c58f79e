#include "rule_file_reader.h"

#include <QFile>

#include "file_reader.h"
#include "js_string.h"

namespace lapce_ai::prompts {
namespace {

// FIFOs and devices are not cached; fs.readFile reads them to their end.
Expected<std::optional<std::string>, RuleFileError> read_special_file(const std::string& path) {
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

}  // namespace

Expected<std::optional<std::string>, RuleFileError> read_rule_file(const std::string& path) {
    auto file = FileReader::shared().read(path);
    if (!file) {
        switch (file.error().kind) {
            case FileErrorKind::NotFound:
            case FileErrorKind::IsDirectory:
                return std::optional<std::string>();
            case FileErrorKind::NotARegularFile:
                return read_special_file(path);
            default:
                return unexpected(RuleFileError{path, file.error().reason});
        }
    }
    return std::optional<std::string>(decode_utf8_lossy((*file)->bytes()));
}

std::optional<std::string> read_regular_rule_file(const std::string& path) {
    auto file = FileReader::shared().read(path);
    if (!file) return std::nullopt;
    return decode_utf8_lossy((*file)->bytes());
}

}  // namespace lapce_ai::prompts
