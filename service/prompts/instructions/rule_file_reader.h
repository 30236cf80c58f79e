#pragma once

// The one place where the instructions code reads a file's contents (rule files, AGENTS.md,
// the system-prompt override), so that a cache can be put in front of it.

#include <optional>
#include <string>

#include "expected.h"

namespace lapce_ai::prompts {

// A file that exists but cannot be read (permissions, a path component that is not a
// directory, a symlink loop): the reference lets these errors escape (safeReadFile rethrows
// everything but ENOENT and EISDIR).
struct RuleFileError {
    std::string path;
    std::string message;
};

// The file's text as fs.readFile(path, "utf-8") gives it: invalid UTF-8 becomes U+FFFD, a byte
// order mark is kept. std::nullopt when the path does not exist or is a directory.
Expected<std::optional<std::string>, RuleFileError> read_rule_file(const std::string& path);

}  // namespace lapce_ai::prompts
