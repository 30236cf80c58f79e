#include "node_path.h"

#include <QDir>
#include <vector>

namespace lapce_ai::prompts {
namespace {

bool is_absolute(std::string_view path) {
    return !path.empty() && path.front() == '/';
}

// path.posix's normalizeString: "." dropped, ".." pops a segment (kept when nothing is left to
// pop in a relative path), empty segments dropped.
std::string normalize_segments(std::string_view path, bool absolute) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view segment = path.substr(start, end - start);
        if (segment == "..") {
            if (!segments.empty() && segments.back() != "..") {
                segments.pop_back();
            } else if (!absolute) {
                segments.push_back(segment);
            }
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = end + 1;
    }
    std::string joined;
    for (const std::string_view segment : segments) {
        if (!joined.empty()) joined.push_back('/');
        joined.append(segment);
    }
    return joined;
}

}  // namespace

std::string node_path_normalize(std::string_view path) {
    if (path.empty()) return ".";
    const bool absolute = is_absolute(path);
    const bool trailing_slash = path.back() == '/';
    std::string normalized = normalize_segments(path, absolute);
    if (normalized.empty() && !absolute) normalized = ".";
    if (!normalized.empty() && trailing_slash) normalized.push_back('/');
    return absolute ? "/" + normalized : normalized;
}

std::string node_path_join(std::string_view a, std::string_view b) {
    std::string joined(a);
    if (!b.empty()) {
        if (!joined.empty()) joined.push_back('/');
        joined.append(b);
    }
    return joined.empty() ? std::string(".") : node_path_normalize(joined);
}

std::string node_path_resolve(std::string_view base, std::string_view path) {
    std::string combined;
    if (is_absolute(path)) {
        combined = path;
    } else {
        combined = base;
        if (!is_absolute(combined)) {
            const std::string cwd = QDir::currentPath().toStdString();
            combined = combined.empty() ? cwd : cwd + "/" + combined;
        }
        if (!path.empty()) combined += "/" + std::string(path);
    }
    return "/" + normalize_segments(combined, true);
}

std::string node_path_dirname(std::string_view path) {
    if (path.empty()) return ".";
    std::size_t end = path.size();
    while (end > 1 && path[end - 1] == '/') --end;
    const std::size_t slash = path.substr(0, end).rfind('/');
    if (slash == std::string_view::npos) return ".";
    if (slash == 0) return "/";
    return std::string(path.substr(0, slash));
}

std::string node_path_basename(std::string_view path) {
    std::size_t end = path.size();
    while (end > 0 && path[end - 1] == '/') --end;
    const std::size_t slash = path.substr(0, end).rfind('/');
    const std::size_t start = slash == std::string_view::npos ? 0 : slash + 1;
    return std::string(path.substr(start, end - start));
}

}  // namespace lapce_ai::prompts
