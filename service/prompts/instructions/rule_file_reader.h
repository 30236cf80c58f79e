#pragma once

// The one place where the instructions code reads a file's contents (rule files, AGENTS.md,
// the system-prompt override). Regular files are read through the shared FileReader, so an
// unchanged file costs one stat.

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

// The text of a regular file (following symlinks), std::nullopt for anything else and for any
// error: the reference's fs.stat + isFile check before a read whose failure drops the file.
std::optional<std::string> read_regular_rule_file(const std::string& path);

}  // namespace lapce_ai::prompts
