#include "machine_info.h"

#include <QDir>
#include <QSysInfo>
#include <QtGlobal>
#include <algorithm>
#include <string_view>

#include "prompt_texts.h"

#if defined(Q_OS_UNIX)
#include <pwd.h>
#include <unistd.h>
#endif

namespace lapce_ai::prompts {
namespace {

constexpr char kWindowsCmd[] = "C:\\Windows\\System32\\cmd.exe";

std::string shell_from_user_info() {
#if defined(Q_OS_UNIX)
    if (const passwd* entry = getpwuid(getuid()); entry && entry->pw_shell) return entry->pw_shell;
#endif
    return {};
}

std::string shell_from_env() {
#if defined(Q_OS_WIN)
    const char* name = "COMSPEC";
#else
    const char* name = "SHELL";
#endif
    const std::string value = qEnvironmentVariable(name).toStdString();
    if (!value.empty()) return value;
#if defined(Q_OS_WIN)
    return kWindowsCmd;
#elif defined(Q_OS_MACOS)
    return "/bin/zsh";
#elif defined(Q_OS_LINUX)
    return "/bin/bash";
#else
    return {};
#endif
}

std::string safe_fallback_shell() {
#if defined(Q_OS_WIN)
    return kWindowsCmd;
#elif defined(Q_OS_MACOS)
    return "/bin/zsh";
#else
    return "/bin/bash";
#endif
}

// path.normalize on the platform's separators, then an exact (Windows: case-insensitive) match.
bool is_shell_allowed(const std::string& shell) {
    if (shell.empty()) return false;
    const QString normalized = QDir::cleanPath(QString::fromStdString(shell));
#if defined(Q_OS_WIN)
    const QString candidate = QDir::toNativeSeparators(normalized);
    const Qt::CaseSensitivity sensitivity = Qt::CaseInsensitive;
#else
    const QString candidate = normalized;
    const Qt::CaseSensitivity sensitivity = Qt::CaseSensitive;
#endif
    const QString allowlist = QString::fromUtf8(prompt_resource("shell-allowlist.txt"));
    const auto entries = allowlist.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return std::any_of(entries.begin(), entries.end(), [&](const QString& allowed) {
        return allowed.compare(candidate, sensitivity) == 0;
    });
}

}  // namespace

std::string get_shell() {
    std::string shell = shell_from_user_info();
    if (shell.empty()) shell = shell_from_env();
    if (shell.empty()) shell = safe_fallback_shell();
    if (!is_shell_allowed(shell)) shell = safe_fallback_shell();
    return shell;
}

std::string os_type() {
#if defined(Q_OS_WIN)
    return "Windows_NT";
#elif defined(Q_OS_MACOS)
    return "Darwin";
#else
    const QString kernel = QSysInfo::kernelType();  // "linux", "freebsd", ...
    if (kernel == QLatin1String("linux")) return "Linux";
    return kernel.toStdString();
#endif
}

std::string os_name() {
    const QString release = QSysInfo::kernelVersion();
#if defined(Q_OS_LINUX)
    // 'Linux' plus the major.minor of the kernel release.
    const qsizetype first = release.indexOf(QLatin1Char('.'));
    qsizetype end = first < 0 ? -1 : first + 1;
    while (end > 0 && end < release.size() && release.at(end).isDigit()) ++end;
    const bool numeric = first > 0 && end > first + 1;
    return numeric ? "Linux " + release.left(end).toStdString() : "Linux";
#elif defined(Q_OS_MACOS)
    // The os-name package names the release after its marketing name.
    return "macOS " + QSysInfo::productVersion().toStdString();
#elif defined(Q_OS_WIN)
    return "Windows " + QSysInfo::productVersion().toStdString();
#else
    return QSysInfo::kernelType().toStdString();
#endif
}

}  // namespace lapce_ai::prompts
