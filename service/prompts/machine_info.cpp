#include "machine_info.h"

#include <QDir>
#include <QRegularExpression>
#include <QSysInfo>
#include <QtGlobal>
#include <algorithm>
#include <array>
#include <string_view>

#include "prompt_texts.h"

#if defined(Q_OS_UNIX)
#include <pwd.h>
#include <unistd.h>
#endif

namespace lapce_ai::prompts {
namespace {

#if defined(Q_OS_WIN)
constexpr char kWindowsCmd[] = "C:\\Windows\\System32\\cmd.exe";
constexpr bool kWindowsSeparators = true;
#else
constexpr bool kWindowsSeparators = false;
#endif

std::string shell_from_user_info() {
#if defined(Q_OS_UNIX)
    if (const passwd* entry = getpwuid(getuid()); entry && entry->pw_shell) return entry->pw_shell;
#endif
    return {};
}

std::string shell_environment_variable() {
#if defined(Q_OS_WIN)
    return qEnvironmentVariable("COMSPEC").toStdString();
#else
    return qEnvironmentVariable("SHELL").toStdString();
#endif
}

// getShellFromEnv: the variable, else the platform's default shell.
std::string shell_from_env(std::string_view value) {
    if (!value.empty()) return std::string(value);
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
    QString normalized = QDir::cleanPath(QString::fromStdString(shell));
    // path.normalize keeps a trailing separator; cleanPath drops it.
    const char last = shell.back();
    if ((last == '/' || (kWindowsSeparators && last == '\\')) &&
        !normalized.endsWith(QLatin1Char('/')))
        normalized += QLatin1Char('/');
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

std::string choose_shell(std::string_view user_info_shell, std::string_view env_shell) {
    std::string shell(user_info_shell);
    if (shell.empty()) shell = shell_from_env(env_shell);
    if (shell.empty()) shell = safe_fallback_shell();
    if (!is_shell_allowed(shell)) shell = safe_fallback_shell();
    return shell;
}

std::string get_shell() {
    return choose_shell(shell_from_user_info(), shell_environment_variable());
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

std::string linux_os_name(std::string_view release) {
    // release.replace(/^(\d+\.\d+).*/, '$1'): JavaScript's `.` stops at line terminators.
    static const QRegularExpression leading_version(
        QStringLiteral("^([0-9]+\\.[0-9]+)[^\\n\\r\\x{2028}\\x{2029}]*"));
    QString id = QString::fromUtf8(release.data(), qsizetype(release.size()));
    id.replace(leading_version, QStringLiteral("\\1"));
    return id.isEmpty() ? "Linux" : "Linux " + id.toStdString();
}

std::string os_name() {
    const QString release = QSysInfo::kernelVersion();
#if defined(Q_OS_LINUX)
    return linux_os_name(release.toStdString());
#elif defined(Q_OS_MACOS)
    const QStringList parts = release.split(QLatin1Char('.'));
    // The macos-release 3.3.0 names by Darwin major version; "OS X" before Darwin 16.
    static constexpr std::array<const char*, 20> kNames = {
        "Puma",          "Jaguar",    "Panther",  "Tiger",      "Leopard", "Snow Leopard", "Lion",
        "Mountain Lion", "Mavericks", "Yosemite", "El Capitan", "Sierra",  "High Sierra",  "Mojave",
        "Catalina",      "Big Sur",   "Monterey", "Ventura",    "Sonoma",  "Sequoia"};
    const int darwin = parts.value(0).toInt();
    const std::string prefix = darwin > 15 ? "macOS" : "OS X";
    if (darwin >= 5 && darwin < 5 + int(kNames.size()))
        return prefix + " " + kNames[std::size_t(darwin - 5)];
    return prefix;
#elif defined(Q_OS_WIN)
    const QStringList parts = release.split(QLatin1Char('.'));
    // windows-release 6.1.0: servers by the product name's year, 10.0 builds from 2xxxx are 11.
    static const QRegularExpression server_year(QStringLiteral("2008|2012|2016|2019|2022|2025"));
    const QString version = parts.value(0) + QLatin1Char('.') + parts.value(1);
    if (QSysInfo::productType() == QLatin1String("windows") &&
        QSysInfo::prettyProductName().contains(QLatin1String("Server"))) {
        const auto year = server_year.match(QSysInfo::prettyProductName());
        if (year.hasMatch()) return "Windows Server " + year.captured().toStdString();
    }
    if (version == QLatin1String("10.0"))
        return parts.value(2).startsWith(QLatin1Char('2')) ? "Windows 11" : "Windows 10";
    static const std::array<std::pair<const char*, const char*>, 4> kOlder = {
        {{"6.3", "8.1"}, {"6.2", "8"}, {"6.1", "7"}, {"6.0", "Vista"}}};
    for (const auto& [number, name] : kOlder) {
        if (version == QLatin1String(number)) return std::string("Windows ") + name;
    }
    return "Windows";
#else
    return QSysInfo::kernelType().toStdString();
#endif
}

}  // namespace lapce_ai::prompts
