#include "posix_path.h"

#include <algorithm>

namespace lapce_ai::prompts {

std::string to_posix(std::string_view path) {
    std::string result(path);
    if (path.starts_with("\\\\?\\")) return result;
    std::replace(result.begin(), result.end(), '\\', '/');
    return result;
}

}  // namespace lapce_ai::prompts
