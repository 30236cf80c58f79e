#pragma once

// src/core/ignore/RooIgnoreController.ts: which files the model may access, from the
// gitignore-style rules of <cwd>/.rooignore.
//
// The reference reloads .rooignore from a file watcher. Here every public call first checks the
// file through FileReader (stamp-checked cache: an unchanged file costs one stat and keeps the
// parsed rules), so a call always sees the file as it is, as the watcher makes the reference do
// a moment after a change. Not thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ignore_rules.h"

namespace lapce_ai {
class MappedFile;
}

namespace lapce_ai::ignore {

// LOCK_TEXT_SYMBOL: U+1F512 LOCK, in UTF-8.
inline constexpr std::string_view kLockTextSymbol = "\xF0\x9F\x94\x92";

class RooIgnoreController {
  public:
    explicit RooIgnoreController(std::string cwd);

    // initialize(): loads .rooignore.
    void initialize();

    // validateAccess(filePath): false when the path (relative to cwd, symlinks resolved) is
    // ignored; true without a .rooignore, outside cwd and on errors.
    bool validate_access(std::string_view file_path);

    // validateCommand(command): the first argument of a file-reading command (cat, grep,
    // get-content, ...) that validate_access refuses; nullopt when the command is allowed.
    std::optional<std::string> validate_command(std::string_view command);

    // filterPaths(paths): the paths validate_access allows, in order.
    std::vector<std::string> filter_paths(const std::vector<std::string>& paths);

    // getInstructions(): the .rooignore section for the system prompt; nullopt without rules.
    std::optional<std::string> get_instructions();

    // rooIgnoreContent: the file's text (UTF-8, invalid bytes as U+FFFD); nullopt without one.
    const std::optional<std::string>& roo_ignore_content();

  private:
    void load_roo_ignore();
    bool validate_access_loaded(std::string_view file_path) const;

    std::string cwd_;
    IgnoreRules rules_;
    std::optional<std::string> content_;
    std::shared_ptr<const MappedFile> loaded_file_;  // what rules_ were built from
    bool load_failed_ = false;
};

}  // namespace lapce_ai::ignore
