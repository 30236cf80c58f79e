#include "node_path.h"

#include <QDir>

namespace lapce_ai::prompts::node_path {
namespace {

// Node's normalizeString for POSIX separators.
std::string normalize_string(std::string_view path, bool allow_above_root) {
    std::string res;
    std::size_t last_segment_length = 0;
    std::ptrdiff_t last_slash = -1;
    int dots = 0;
    char code = 0;
    const auto size = static_cast<std::ptrdiff_t>(path.size());
    for (std::ptrdiff_t i = 0; i <= size; ++i) {
        if (i < size)
            code = path[static_cast<std::size_t>(i)];
        else if (code == '/')
            break;
        else
            code = '/';

        if (code == '/') {
            if (last_slash == i - 1 || dots == 1) {
                // empty segment or "."
            } else if (dots == 2) {
                if (res.size() < 2 || last_segment_length != 2 || res[res.size() - 1] != '.' ||
                    res[res.size() - 2] != '.') {
                    if (res.size() > 2) {
                        const std::size_t last_slash_index = res.rfind('/');
                        if (last_slash_index == std::string::npos) {
                            res.clear();
                            last_segment_length = 0;
                        } else {
                            res.resize(last_slash_index);
                            const std::size_t previous = res.rfind('/');
                            last_segment_length = previous == std::string::npos
                                                      ? res.size()
                                                      : res.size() - 1 - previous;
                        }
                        last_slash = i;
                        dots = 0;
                        continue;
                    }
                    if (!res.empty()) {
                        res.clear();
                        last_segment_length = 0;
                        last_slash = i;
                        dots = 0;
                        continue;
                    }
                }
                if (allow_above_root) {
                    res += res.empty() ? ".." : "/..";
                    last_segment_length = 2;
                }
            } else {
                const auto start = static_cast<std::size_t>(last_slash + 1);
                const auto segment = path.substr(start, static_cast<std::size_t>(i) - start);
                if (!res.empty()) res += '/';
                res += segment;
                last_segment_length = segment.size();
            }
            last_slash = i;
            dots = 0;
        } else if (code == '.' && dots != -1) {
            ++dots;
        } else {
            dots = -1;
        }
    }
    return res;
}

// Whether normalize(path) is path itself: no empty, "." or ".." segment and no trailing
// separator. Most paths are, and then need no second pass.
bool already_normal(std::string_view path) {
    if (path.empty() || path.back() == '/') return false;
    std::size_t start = path.front() == '/' ? 1 : 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view segment = path.substr(start, end - start);
        if (segment.empty() || segment == "." || segment == "..") return false;
        start = end + 1;
    }
    return true;
}

}  // namespace

std::string normalize(std::string_view path) {
    if (already_normal(path)) return std::string(path);
    if (path.empty()) return ".";
    const bool is_absolute = path.front() == '/';
    const bool trailing_separator = path.back() == '/';
    std::string result = normalize_string(path, !is_absolute);
    if (result.empty()) {
        if (is_absolute) return "/";
        return trailing_separator ? "./" : ".";
    }
    if (trailing_separator) result += '/';
    return is_absolute ? "/" + result : result;
}

std::string join(const std::vector<std::string_view>& parts) {
    std::string joined;
    bool any = false;
    for (std::string_view part : parts) {
        if (part.empty()) continue;
        if (any) joined += '/';
        joined += part;
        any = true;
    }
    if (!any) return ".";
    if (already_normal(joined)) return joined;
    return normalize(joined);
}

std::string resolve(const std::vector<std::string_view>& parts) {
    std::string resolved;
    bool resolved_absolute = false;
    for (auto it = parts.rbegin(); it != parts.rend() && !resolved_absolute; ++it) {
        if (it->empty()) continue;
        resolved = std::string(*it) + (resolved.empty() ? "" : "/" + resolved);
        resolved_absolute = it->front() == '/';
    }
    if (!resolved_absolute) {
        const std::string cwd = QDir::currentPath().toStdString();
        resolved = cwd + (resolved.empty() ? "" : "/" + resolved);
        resolved_absolute = !cwd.empty() && cwd.front() == '/';
    }
    if (resolved_absolute && already_normal(resolved)) return resolved;
    resolved = normalize_string(resolved, !resolved_absolute);
    if (resolved_absolute) return "/" + resolved;
    return resolved.empty() ? "." : resolved;
}

std::string relative(std::string_view from_path, std::string_view to_path) {
    if (from_path == to_path) return "";
    const std::string from = resolve({from_path});
    const std::string to = resolve({to_path});
    if (from == to) return "";

    const std::size_t from_start = 1;
    const std::size_t from_end = from.size();
    const std::size_t from_len = from_end - from_start;
    const std::size_t to_start = 1;
    const std::size_t to_len = to.size() - to_start;

    const std::size_t length = std::min(from_len, to_len);
    std::ptrdiff_t last_common_sep = -1;
    std::size_t i = 0;
    for (; i < length; ++i) {
        const char from_code = from[from_start + i];
        if (from_code != to[to_start + i]) break;
        if (from_code == '/') last_common_sep = static_cast<std::ptrdiff_t>(i);
    }
    if (i == length) {
        if (to_len > length) {
            if (to[to_start + i] == '/') return to.substr(to_start + i + 1);
            if (i == 0) return to.substr(to_start + i);
        } else if (from_len > length) {
            if (from[from_start + i] == '/')
                last_common_sep = static_cast<std::ptrdiff_t>(i);
            else if (i == 0)
                last_common_sep = 0;
        }
    }

    std::string out;
    for (std::size_t j = from_start + static_cast<std::size_t>(last_common_sep + 1); j <= from_end;
         ++j) {
        if (j == from_end || from[j] == '/') out += out.empty() ? ".." : "/..";
    }
    // With no common separator this keeps the leading '/' of `to`.
    return out + to.substr(static_cast<std::size_t>(static_cast<std::ptrdiff_t>(to_start) +
                                                    last_common_sep));
}

namespace {

std::string normalize_for_comparison(std::string_view path) {
    std::string normalized = normalize(path);
    if (normalized.size() > 1 && (normalized.back() == '/' || normalized.back() == '\\'))
        normalized.pop_back();
    return normalized;
}

}  // namespace

bool are_paths_equal(std::string_view path1, std::string_view path2) {
    if (path1.empty() && path2.empty()) return true;
    if (path1.empty() || path2.empty()) return false;
    return normalize_for_comparison(path1) == normalize_for_comparison(path2);
}

std::string dirname(std::string_view path) {
    if (path.empty()) return ".";
    std::size_t end = path.size();
    while (end > 1 && path[end - 1] == '/') --end;
    const std::size_t slash = path.substr(0, end).rfind('/');
    if (slash == std::string_view::npos) return ".";
    if (slash == 0) return "/";
    return std::string(path.substr(0, slash));
}

std::string basename(std::string_view path) {
    std::size_t end = path.size();
    while (end > 0 && path[end - 1] == '/') --end;
    const std::size_t slash = path.substr(0, end).rfind('/');
    const std::size_t start = slash == std::string_view::npos ? 0 : slash + 1;
    return std::string(path.substr(start, end - start));
}

std::string extname(std::string_view path) {
    const std::string base = basename(path);
    const std::size_t dot = base.rfind('.');
    if (dot == std::string::npos || dot == 0 || base == "..") return {};
    return base.substr(dot);
}

}  // namespace lapce_ai::prompts::node_path
