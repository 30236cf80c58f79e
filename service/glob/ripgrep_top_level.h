#pragma once

// The reference's listFilesWithRipgrep for a non-recursive listing, done natively: what
//   rg --files --hidden --follow -g '*' --maxdepth 1 -g '!D' -g '!D/**' ... <dir>
// (D: each DIRS_TO_IGNORE entry but ".*") prints, cut to `limit` lines, each resolved against
// the absolute directory (path.resolve(absolutePath, line)); rg prints paths under the path it
// was given, so a relative dir_path appears twice in the result, as in the reference.
//
// What rg 13 does there:
// - prints every depth-1 entry that is a regular file after following symlinks: hidden ones
//   too, no directories, FIFOs or broken symlinks; a path naming a file prints that file;
// - `-g '*'` whitelists everything, which overrides .gitignore/.ignore files, even in a repo;
// - the override globs are gitignore globs rooted at rg's working directory: a name without
//   a slash (`dist`) drops files of that name anywhere, while `dist/**`, `target/dependency`
//   and `build/dependencies` only match paths relative to that directory (rg strips it as a
//   byte prefix), so listing <cwd>/dist/x drops every file in it;
// - the order is that of its parallel walker, which follows the directory's order; here it is
//   the order the directory is read in.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lapce_ai::glob {

std::vector<std::string> list_top_level_files_like_ripgrep(std::string_view dir_path,
                                                           std::size_t limit,
                                                           std::string_view ripgrep_dir);

}  // namespace lapce_ai::glob
