#include "list_files.h"

#include <QDir>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <unordered_set>

#include "directory_cache.h"
#include "dirs_to_ignore.h"
#include "file_reader.h"
#include "ignore_rules.h"
#include "js_string.h"
#include "locale_compare.h"
#include "node_path.h"
#include "ripgrep_top_level.h"

namespace lapce_ai::glob {
namespace {

namespace node_path = prompts::node_path;

// handleSpecialDirectories: the root and the home directory are not listed.
std::optional<ListFilesResult> handle_special_directories(std::string_view dir_path,
                                                          const std::string& home_dir) {
    const std::string absolute = node_path::resolve({dir_path});
    if (node_path::are_paths_equal(absolute, "/")) return ListFilesResult{{"/"}, false};
    if (node_path::are_paths_equal(absolute, home_dir)) return ListFilesResult{{home_dir}, false};
    return std::nullopt;
}

// findGitignoreFiles: every existing <dir>/.gitignore from the directory up to, but not
// including, the root; the outermost first.
std::vector<std::string> find_gitignore_files(const std::string& start_path) {
    std::vector<std::string> found;
    std::string current = start_path;
    while (!current.empty() && current != node_path::dirname(current)) {
        std::string gitignore = node_path::join({current, ".gitignore"});
        std::error_code error;
        if (std::filesystem::exists(gitignore, error)) found.push_back(std::move(gitignore));
        current = node_path::dirname(current);
    }
    std::reverse(found.begin(), found.end());
    return found;
}

// createIgnoreInstance: the .gitignore files above the directory, and ".gitignore" itself.
ignore::IgnoreRules create_ignore_instance(std::string_view dir_path) {
    ignore::IgnoreRules rules;
    for (const std::string& gitignore : find_gitignore_files(node_path::resolve({dir_path}))) {
        auto file = FileReader::shared().read(gitignore);
        if (!file) continue;  // the reference warns and goes on
        const auto bytes = (*file)->bytes();
        rules.add(prompts::decode_utf8_lossy(std::string_view(bytes.data(), bytes.size())));
    }
    rules.add(".gitignore");
    return rules;
}

const std::unordered_set<std::string_view> kCriticalIgnorePatterns = {"node_modules", ".git",
                                                                      "__pycache__", "venv", "env"};

// matchesIgnorePattern with DIRS_TO_IGNORE but ".*": the name, or the first segment of a path.
bool matches_dirs_to_ignore(std::string_view dir_name) {
    for (std::string_view pattern : kDirsToIgnore) {
        if (pattern == ".*") continue;
        if (pattern == dir_name) return true;
        const std::size_t slash = pattern.find('/');
        if (slash != std::string_view::npos && pattern.substr(0, slash) == dir_name) return true;
    }
    return false;
}

// isIgnoredByGitignore; an error is what node-ignore would throw.
Expected<bool, ignore::IgnoreError> is_ignored_by_gitignore(const std::string& full_dir_path,
                                                            std::string_view base_path,
                                                            const ignore::IgnoreRules& rules) {
    std::string relative = node_path::relative(base_path, full_dir_path);
    std::replace(relative.begin(), relative.end(), '\\', '/');
    auto ignored = rules.ignores(relative);
    if (!ignored || *ignored) return ignored;
    return rules.ignores(relative + "/");
}

// listFilteredDirectories(dirPath, false, ignoreInstance, limit): the directory's own
// subdirectories (symlinks are not directories here) in the order readdir gives them (Node
// sorts by bytes), filtered by DIRS_TO_IGNORE and the .gitignore rules.
std::vector<std::string> list_filtered_directories(std::string_view dir_path,
                                                   const ignore::IgnoreRules& rules,
                                                   std::size_t limit) {
    std::vector<std::string> directories;
    if (limit == 0) return directories;
    const std::string absolute = node_path::resolve({dir_path});
    const bool inside_explicit_hidden_target = node_path::basename(absolute).starts_with('.');

    auto listing = DirectoryCache::shared().list(absolute);
    if (!listing) return directories;  // the reference warns
    for (const DirectoryEntry& entry : (*listing)->entries) {
        if (entry.type != DirectoryEntryType::Directory) continue;
        const std::string full_dir_path = node_path::join({absolute, entry.name});
        // shouldIncludeDirectory for a subdirectory (never the target itself)
        bool include = true;
        if (inside_explicit_hidden_target ? kCriticalIgnorePatterns.contains(entry.name)
                                          : matches_dirs_to_ignore(entry.name)) {
            include = false;
        } else {
            auto ignored = is_ignored_by_gitignore(full_dir_path, dir_path, rules);
            if (!ignored) break;  // a throw ends the reference's loop
            include = !*ignored;
        }
        if (!include) continue;
        directories.push_back(full_dir_path.ends_with('/') ? full_dir_path : full_dir_path + "/");
        if (directories.size() >= limit) break;
    }
    return directories;
}

// formatAndCombineResults: unique paths, directories first, then localeCompare; cut to limit.
ListFilesResult format_and_combine_results(const std::vector<std::string>& files,
                                           const std::vector<std::string>& directories,
                                           std::size_t limit) {
    std::vector<std::string> paths;
    paths.reserve(directories.size() + files.size());
    std::unordered_set<std::string_view> seen;
    for (const auto* list : {&directories, &files})
        for (const std::string& path : *list)
            if (seen.insert(path).second) paths.push_back(path);

    std::stable_sort(paths.begin(), paths.end(), [](const std::string& a, const std::string& b) {
        const bool a_is_dir = a.ends_with('/');
        const bool b_is_dir = b.ends_with('/');
        if (a_is_dir != b_is_dir) return a_is_dir;
        return prompts::locale_compare(a, b, {}) < 0;
    });
    if (paths.size() > limit) paths.resize(limit);
    const bool limit_reached = paths.size() >= limit;
    return {std::move(paths), limit_reached};
}

}  // namespace

ListFilesEnvironment current_list_files_environment() {
    return {QDir::homePath().toStdString(), QDir::currentPath().toStdString()};
}

ListFilesResult list_files(std::string_view dir_path, std::size_t limit) {
    return list_files(dir_path, limit, current_list_files_environment());
}

ListFilesResult list_files(std::string_view dir_path, std::size_t limit,
                           const ListFilesEnvironment& environment) {
    if (limit == 0) return {{}, false};
    if (auto special = handle_special_directories(dir_path, environment.home_dir)) return *special;

    const std::vector<std::string> files =
        list_top_level_files_like_ripgrep(dir_path, limit, environment.ripgrep_dir);
    const ignore::IgnoreRules rules = create_ignore_instance(dir_path);
    const std::size_t remaining_limit = limit > files.size() ? limit - files.size() : 0;
    const std::vector<std::string> directories =
        list_filtered_directories(dir_path, rules, remaining_limit);
    return format_and_combine_results(files, directories, limit);
}

}  // namespace lapce_ai::glob
