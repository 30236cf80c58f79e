#include "rule_file_reader.h"

#include "file_reader.h"
#include "js_string.h"

namespace lapce_ai::prompts {

Expected<std::optional<std::string>, RuleFileError> read_rule_file(const std::string& path) {
    auto file = FileReader::shared().read(path);
    if (!file) {
        const FileError& error = file.error();
        if (error.kind == FileErrorKind::NotFound || error.kind == FileErrorKind::IsDirectory) {
            return std::optional<std::string>();
        }
        return unexpected(RuleFileError{path, error.reason});
    }
    return std::optional<std::string>(decode_utf8_lossy((*file)->bytes()));
}

}  // namespace lapce_ai::prompts
