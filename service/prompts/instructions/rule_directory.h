#pragma once

// Reading a rules directory (custom-instructions.ts:41-178): a recursive listing in which
// symbolic links to files and directories are followed up to a fixed depth.

#include <string>
#include <vector>

namespace lapce_ai::prompts {

// A file found in a rules directory: `original_path` is where it was found (the link's own
// path for a symlink to a file), `resolved_path` where it is read from. Both are lexical
// (path.resolve of the link target), never canonical.
struct RuleFileLocation {
    std::string original_path;
    std::string resolved_path;
};

struct RuleFile {
    std::string filename;  // the resolved path, which the header prints
    std::string content;   // trimmed
};

// resolveSymLink(symlinkPath, fileInfo, depth): the files reached through the link, in the
// order the reference's concurrent promises would add them.
std::vector<RuleFileLocation> resolve_sym_link(const std::string& symlink_path, int depth);

// readTextFilesFromDirectory: every rule file below `dir_path`, cache and system files left
// out, sorted by the lower-cased base name of the original path in ICU (en-US) order. Empty
// when the directory cannot be listed.
std::vector<RuleFile> read_text_files_from_directory(const std::string& dir_path);

// shouldIncludeRuleFile
bool should_include_rule_file(const std::string& filename);

// directoryExists (fs.stat follows symlinks; any error reads as "no")
bool directory_exists(const std::string& path);

}  // namespace lapce_ai::prompts
