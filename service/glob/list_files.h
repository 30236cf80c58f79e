#pragma once

// src/services/glob/list-files.ts listFiles(dirPath, false, limit): the top level of a
// directory, as absolute paths, directories (with a trailing '/') first, then sorted by JS
// localeCompare and cut to `limit`; the flag tells whether `limit` entries were returned.
// Only the non-recursive listing exists here (the definitions feature's); the recursive one is
// a different algorithm in the reference.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lapce_ai::glob {

struct ListFilesEnvironment {
    std::string home_dir;     // os.homedir(): listing it returns just the path
    std::string ripgrep_dir;  // rg's working directory, which roots its `D/**` globs
};

// QDir::homePath() and the process's working directory.
ListFilesEnvironment current_list_files_environment();

using ListFilesResult = std::pair<std::vector<std::string>, bool>;

// listFiles(dirPath, false, limit).
ListFilesResult list_files(std::string_view dir_path, std::size_t limit);
ListFilesResult list_files(std::string_view dir_path, std::size_t limit,
                           const ListFilesEnvironment& environment);

}  // namespace lapce_ai::glob
