#pragma once

// Node's `path.posix` functions that the prompt texts depend on (normalize, join, resolve,
// relative), with the same results. Paths are UTF-8; only '/' and '.' are interpreted.

#include <string>
#include <string_view>
#include <vector>

namespace lapce_ai::prompts::node_path {

std::string normalize(std::string_view path);
std::string join(const std::vector<std::string_view>& parts);
// Like path.resolve(...parts): a relative result is resolved against the process's directory.
std::string resolve(const std::vector<std::string_view>& parts);
std::string relative(std::string_view from, std::string_view to);
std::string dirname(std::string_view path);
std::string basename(std::string_view path);
// The last `.` of the basename and what follows, "" for a leading dot (".bashrc") or none.
std::string extname(std::string_view path);

// src/utils/path.ts arePathsEqual (POSIX: exact comparison after normalizing).
bool are_paths_equal(std::string_view path1, std::string_view path2);

}  // namespace lapce_ai::prompts::node_path
