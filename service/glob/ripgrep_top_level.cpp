#include "ripgrep_top_level.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "dirs_to_ignore.h"
#include "js_string.h"
#include "node_path.h"

namespace lapce_ai::glob {
namespace {

namespace fs = std::filesystem;

// Rust's Path::join for a relative name.
std::string join_like_rust(std::string_view dir, std::string_view name) {
    std::string joined(dir);
    if (!joined.empty() && joined.back() != '/') joined += '/';
    joined += name;
    return joined;
}

// The path the override globs see: without a leading "./" and, unless it is a bare name,
// without rg's working directory as a byte prefix and the slash after it.
std::string_view strip_for_globs(std::string_view path, std::string_view ripgrep_dir) {
    if (path.starts_with("./")) path.remove_prefix(2);
    if (ripgrep_dir != "." && path.find('/') != std::string_view::npos &&
        path.starts_with(ripgrep_dir)) {
        path.remove_prefix(ripgrep_dir.size());
        if (path.starts_with('/')) path.remove_prefix(1);
    }
    return path;
}

// The `!D` and `!D/**` overrides, which come after `*` and so win over it.
bool excluded_by_overrides(std::string_view path, std::string_view ripgrep_dir) {
    const std::string_view candidate = strip_for_globs(path, ripgrep_dir);
    const std::size_t slash = candidate.rfind('/');
    const std::string_view name =
        slash == std::string_view::npos ? candidate : candidate.substr(slash + 1);
    for (std::string_view dir : kDirsToIgnore) {
        if (dir == ".*") continue;
        const bool has_slash = dir.find('/') != std::string_view::npos;
        // `D` without a slash matches the name at any depth (`**/D`); with one, the whole path.
        if (has_slash ? candidate == dir : name == dir) return true;
        // `D/**` (as `D/**/*`) is rooted: D is the path's first component, something follows.
        if (candidate.size() > dir.size() + 1 && candidate.starts_with(dir) &&
            candidate[dir.size()] == '/')
            return true;
    }
    return false;
}

bool is_file_following_links(const fs::path& path) {
    std::error_code error;
    return fs::is_regular_file(fs::status(path, error)) && !error;
}

}  // namespace

std::vector<std::string> list_top_level_files_like_ripgrep(std::string_view dir_path,
                                                           std::size_t limit,
                                                           std::string_view ripgrep_dir) {
    // What rg prints, one path per line.
    std::vector<std::string> printed;
    const fs::path root{std::string(dir_path)};
    std::error_code error;
    if (fs::is_directory(root, error)) {
        fs::directory_iterator entries(root, error);
        for (; !error && entries != fs::directory_iterator(); entries.increment(error)) {
            const std::string name = entries->path().filename().string();
            const std::string path = join_like_rust(dir_path, name);
            if (excluded_by_overrides(path, ripgrep_dir)) continue;
            if (!is_file_following_links(entries->path())) continue;
            printed.push_back(path);
            if (printed.size() >= limit) break;
        }
    } else if (is_file_following_links(root)) {
        printed.emplace_back(dir_path);
    }

    // execRipgrep: stdout split on "\n", blank lines dropped, the first `limit` kept.
    std::vector<std::string> lines;
    for (const std::string& path : printed) {
        const std::string text = prompts::decode_utf8_lossy(path);
        std::size_t start = 0;
        while (start <= text.size() && lines.size() < limit) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            const std::string_view line = std::string_view(text).substr(start, end - start);
            if (!prompts::js_trim(line).empty()) lines.emplace_back(line);
            start = end + 1;
        }
    }

    const std::string absolute = prompts::node_path::resolve({dir_path});
    std::vector<std::string> files;
    files.reserve(lines.size());
    for (const std::string& line : lines)
        files.push_back(prompts::node_path::resolve({absolute, line}));
    return files;
}

}  // namespace lapce_ai::glob
