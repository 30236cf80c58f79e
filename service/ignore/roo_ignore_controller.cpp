#include "roo_ignore_controller.h"

#include <QRegularExpression>
#include <QString>

#include <algorithm>
#include <array>
#include <filesystem>

#include "file_reader.h"
#include "js_regex.h"
#include "js_string.h"
#include "node_path.h"

namespace lapce_ai::ignore {
namespace {

namespace node_path = prompts::node_path;

constexpr std::array<std::u16string_view, 13> kFileReadingCommands = {
    u"cat", u"less", u"more", u"head", u"tail", u"grep", u"awk", u"sed",
    // PowerShell commands and aliases
    u"get-content", u"gc", u"type", u"select-string", u"sls"};

// fs.realpathSync, or the path itself when it cannot be resolved.
std::string real_path_or_self(const std::string& path) {
    std::error_code error;
    const std::filesystem::path real = std::filesystem::canonical(path, error);
    return error ? path : real.string();
}

}  // namespace

RooIgnoreController::RooIgnoreController(std::string cwd) : cwd_(std::move(cwd)) {}

void RooIgnoreController::initialize() {
    load_roo_ignore();
}

// loadRooIgnore. The rules are rebuilt only when FileReader hands out different contents. A
// file that exists but cannot be read leaves empty rules and the previous content, as the
// reference's catch does.
void RooIgnoreController::load_roo_ignore() {
    const std::string ignore_path = node_path::join({cwd_, ".rooignore"});
    auto file = FileReader::shared().read(ignore_path);
    if (file && !load_failed_ && *file == loaded_file_) return;
    if (!file && !loaded_file_ && !load_failed_ && !content_) return;  // still no file

    rules_ = IgnoreRules();
    loaded_file_.reset();
    load_failed_ = false;
    if (file) {
        const auto bytes = (*file)->bytes();
        content_ = prompts::decode_utf8_lossy(std::string_view(bytes.data(), bytes.size()));
        rules_.add(*content_);
        rules_.add(".rooignore");
        loaded_file_ = *file;
        return;
    }
    const FileErrorKind kind = file.error().kind;
    if (kind == FileErrorKind::NotFound || kind == FileErrorKind::NotADirectory) {
        content_.reset();
    } else {
        load_failed_ = true;  // fs.access found it, fs.readFile failed
    }
}

bool RooIgnoreController::validate_access(std::string_view file_path) {
    load_roo_ignore();
    return validate_access_loaded(file_path);
}

bool RooIgnoreController::validate_access_loaded(std::string_view file_path) const {
    if (!content_ || content_->empty()) return true;
    const std::string absolute = node_path::resolve({cwd_, file_path});
    const std::string real = real_path_or_self(absolute);
    const std::string relative = prompts::to_posix(node_path::relative(cwd_, real));
    auto ignored = rules_.ignores(relative);
    // Paths outside cwd (and cwd itself) make node-ignore throw: access is allowed.
    return !ignored || !*ignored;
}

std::optional<std::string> RooIgnoreController::validate_command(std::string_view command) {
    load_roo_ignore();
    if (!content_ || content_->empty()) return std::nullopt;

    static const QRegularExpression whitespace(
        QStringLiteral("[%1]+").arg(QLatin1String(kJsWhitespaceClassBody)));
    const QString trimmed = QString::fromStdString(std::string(prompts::js_trim(command)));
    const QStringList parts = trimmed.split(whitespace);
    const QString base_command = parts.front().toLower();
    const bool reads_files =
        std::any_of(kFileReadingCommands.begin(), kFileReadingCommands.end(),
                    [&](std::u16string_view name) { return QStringView(name) == base_command; });
    if (!reads_files) return std::nullopt;

    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString& arg = parts[i];
        // flags and options (Unix and PowerShell), PowerShell parameter names
        if (arg.startsWith(QLatin1Char('-')) || arg.startsWith(QLatin1Char('/'))) continue;
        if (arg.contains(QLatin1Char(':'))) continue;
        const std::string path = arg.toStdString();
        if (!validate_access_loaded(path)) return path;
    }
    return std::nullopt;
}

std::vector<std::string> RooIgnoreController::filter_paths(const std::vector<std::string>& paths) {
    load_roo_ignore();
    std::vector<std::string> allowed;
    for (const std::string& path : paths)
        if (validate_access_loaded(path)) allowed.push_back(path);
    return allowed;
}

std::optional<std::string> RooIgnoreController::get_instructions() {
    load_roo_ignore();
    if (!content_ || content_->empty()) return std::nullopt;
    return "# .rooignore\n\n(The following is provided by a root-level .rooignore file where the "
           "user has specified files and directories that should not be accessed. When using "
           "list_files, you'll notice a " +
           std::string(kLockTextSymbol) +
           " next to files that are blocked. Attempting to access the file's contents e.g. "
           "through read_file will result in an error.)\n\n" +
           *content_ + "\n.rooignore";
}

const std::optional<std::string>& RooIgnoreController::roo_ignore_content() {
    load_roo_ignore();
    return content_;
}

}  // namespace lapce_ai::ignore
