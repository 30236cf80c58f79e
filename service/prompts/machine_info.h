#pragma once

// What the reference asks the operating system (src/utils/shell.ts, the os-name package).

#include <string>

namespace lapce_ai::prompts {

// getShell() outside VS Code: the user's login shell, then $SHELL, checked against the
// reference's allow-list, else the platform's default shell.
std::string get_shell();

// osName() of the os-name package: "Linux 6.1", "macOS Sonoma", "Windows 11", ...
std::string os_name();

// os.type(): "Linux", "Darwin", "Windows_NT".
std::string os_type();

}  // namespace lapce_ai::prompts
