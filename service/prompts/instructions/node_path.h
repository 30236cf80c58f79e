#pragma once

// Node's path module (POSIX flavour), which decides how the reference prints rule-file paths:
// lexical normalisation, no symlink resolution.

#include <string>
#include <string_view>

namespace lapce_ai::prompts {

// path.normalize
std::string node_path_normalize(std::string_view path);
// path.join(a, b)
std::string node_path_join(std::string_view a, std::string_view b);
// path.resolve(base, path): absolute (against the process's working directory), normalised,
// without a trailing slash.
std::string node_path_resolve(std::string_view base, std::string_view path);
// path.dirname / path.basename
std::string node_path_dirname(std::string_view path);
std::string node_path_basename(std::string_view path);

}  // namespace lapce_ai::prompts
