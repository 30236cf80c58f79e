#pragma once

// What the reference asks the operating system (src/utils/shell.ts, the os-name package).

#include <string>
#include <string_view>

namespace lapce_ai::prompts {

// getShell() outside VS Code: the user's login shell, then $SHELL, checked against the
// reference's allow-list, else the platform's default shell.
std::string get_shell();

// getShell()'s steps after VS Code's terminal profile: os.userInfo().shell, else the platform's
// variable (SHELL; Windows: COMSPEC) or its default, allow-listed, else the platform's default
// shell. Empty arguments stand for absent values.
std::string choose_shell(std::string_view user_info_shell, std::string_view env_shell);

// osName() of the os-name package: "Linux 6.1", "macOS Sonoma", "Windows 11", ...
std::string os_name();

// osName('linux', release): "Linux" and the release's leading "major.minor" (the whole release
// when it does not start with one; nothing when it is empty).
std::string linux_os_name(std::string_view release);

// os.type(): "Linux", "Darwin", "Windows_NT".
std::string os_type();

}  // namespace lapce_ai::prompts
