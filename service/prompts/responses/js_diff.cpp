#include "js_diff.h"

#include <algorithm>
#include <memory>
#include <optional>

namespace lapce_ai::prompts::jsdiff {
namespace {

// lineDiff.tokenize: lines keep their "\n" or "\r\n"; a final empty line is dropped.
std::vector<std::string> tokenize_lines(std::string_view value) {
    std::vector<std::string> lines;
    std::string current;
    bool pending = false;  // `current` holds a line not yet terminated
    for (std::size_t i = 0; i < value.size(); ++i) {
        std::size_t separator = 0;
        if (value[i] == '\n')
            separator = 1;
        else if (value[i] == '\r' && i + 1 < value.size() && value[i + 1] == '\n')
            separator = 2;
        if (separator == 0) {
            current += value[i];
            pending = true;
            continue;
        }
        current.append(value.substr(i, separator));
        lines.push_back(std::move(current));
        current.clear();
        pending = false;
        i += separator - 1;
    }
    if (pending) lines.push_back(std::move(current));
    // removeEmpty: no token can be empty here, the tokenizer never yields one.
    return lines;
}

enum class Kind { Common, Added, Removed };

struct Component {
    std::size_t count;
    Kind kind;
    std::shared_ptr<const Component> previous;
};

struct Path {
    std::ptrdiff_t old_pos;
    std::shared_ptr<const Component> last;
};

Path add_to_path(const Path& path, Kind kind, std::ptrdiff_t old_pos_inc) {
    const auto& last = path.last;
    if (last && last->kind == kind) {
        return {path.old_pos + old_pos_inc, std::make_shared<const Component>(
                                                Component{last->count + 1, kind, last->previous})};
    }
    return {path.old_pos + old_pos_inc,
            std::make_shared<const Component>(Component{1, kind, last})};
}

// Follows the diagonal while the tokens are equal; returns the new position in `new_tokens`.
std::ptrdiff_t extract_common(Path& path, const std::vector<std::string>& new_tokens,
                              const std::vector<std::string>& old_tokens, std::ptrdiff_t diagonal) {
    const auto new_len = static_cast<std::ptrdiff_t>(new_tokens.size());
    const auto old_len = static_cast<std::ptrdiff_t>(old_tokens.size());
    std::ptrdiff_t old_pos = path.old_pos;
    std::ptrdiff_t new_pos = old_pos - diagonal;
    std::size_t common = 0;
    while (new_pos + 1 < new_len && old_pos + 1 < old_len &&
           new_tokens[static_cast<std::size_t>(new_pos + 1)] ==
               old_tokens[static_cast<std::size_t>(old_pos + 1)]) {
        ++new_pos;
        ++old_pos;
        ++common;
    }
    if (common > 0)
        path.last = std::make_shared<const Component>(Component{common, Kind::Common, path.last});
    path.old_pos = old_pos;
    return new_pos;
}

std::string join_tokens(const std::vector<std::string>& tokens, std::size_t from,
                        std::size_t count) {
    std::string joined;
    for (std::size_t i = from; i < from + count && i < tokens.size(); ++i) joined += tokens[i];
    return joined;
}

std::vector<Change> build_values(std::shared_ptr<const Component> last,
                                 const std::vector<std::string>& new_tokens,
                                 const std::vector<std::string>& old_tokens) {
    std::vector<Change> changes;
    for (const Component* component = last.get(); component;
         component = component->previous.get()) {
        changes.push_back({{},
                           component->count,
                           component->kind == Kind::Added,
                           component->kind == Kind::Removed});
    }
    std::reverse(changes.begin(), changes.end());

    std::size_t new_pos = 0;
    std::size_t old_pos = 0;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        Change& change = changes[i];
        if (!change.removed) {
            change.value = join_tokens(new_tokens, new_pos, change.count);
            new_pos += change.count;
            if (!change.added) old_pos += change.count;
        } else {
            change.value = join_tokens(old_tokens, old_pos, change.count);
            old_pos += change.count;
            // Removals are reported before the additions they replace.
            if (i > 0 && changes[i - 1].added) std::swap(changes[i - 1], changes[i]);
        }
    }
    // A final added/removed component whose value equals "" merges into the previous one.
    if (changes.size() > 1) {
        const Change& final_change = changes.back();
        if ((final_change.added || final_change.removed) && final_change.value.empty()) {
            changes[changes.size() - 2].value += final_change.value;
            changes.pop_back();
        }
    }
    return changes;
}

}  // namespace

std::vector<Change> diff_lines(std::string_view old_str, std::string_view new_str) {
    const std::vector<std::string> old_tokens = tokenize_lines(old_str);
    const std::vector<std::string> new_tokens = tokenize_lines(new_str);
    const auto new_len = static_cast<std::ptrdiff_t>(new_tokens.size());
    const auto old_len = static_cast<std::ptrdiff_t>(old_tokens.size());
    const std::ptrdiff_t max_edit_length = new_len + old_len;

    // bestPath indexed by diagonal, from -max_edit_length to +max_edit_length.
    const std::ptrdiff_t offset = max_edit_length + 1;
    std::vector<std::optional<Path>> best_path(static_cast<std::size_t>(2 * offset + 1));
    auto slot = [&](std::ptrdiff_t diagonal) -> std::optional<Path>& {
        return best_path[static_cast<std::size_t>(diagonal + offset)];
    };

    slot(0) = Path{-1, nullptr};
    std::ptrdiff_t new_pos = extract_common(*slot(0), new_tokens, old_tokens, 0);
    if (slot(0)->old_pos + 1 >= old_len && new_pos + 1 >= new_len) {
        return {{join_tokens(new_tokens, 0, new_tokens.size()), new_tokens.size(), false, false}};
    }

    std::optional<std::ptrdiff_t> min_diagonal;  // unset = -Infinity
    std::optional<std::ptrdiff_t> max_diagonal;  // unset = +Infinity
    for (std::ptrdiff_t edit_length = 1; edit_length <= max_edit_length; ++edit_length) {
        const std::ptrdiff_t first = std::max(min_diagonal.value_or(-edit_length), -edit_length);
        const std::ptrdiff_t last = std::min(max_diagonal.value_or(edit_length), edit_length);
        for (std::ptrdiff_t diagonal = first; diagonal <= last; diagonal += 2) {
            std::optional<Path> remove_path = slot(diagonal - 1);
            const std::optional<Path>& add_path = slot(diagonal + 1);
            if (remove_path) slot(diagonal - 1).reset();

            bool can_add = false;
            if (add_path) {
                const std::ptrdiff_t add_path_new_pos = add_path->old_pos - diagonal;
                can_add = 0 <= add_path_new_pos && add_path_new_pos < new_len;
            }
            const bool can_remove = remove_path && remove_path->old_pos + 1 < old_len;
            if (!can_add && !can_remove) {
                slot(diagonal).reset();
                continue;
            }

            Path base_path =
                (!can_remove || (can_add && remove_path->old_pos + 1 < add_path->old_pos))
                    ? add_to_path(*add_path, Kind::Added, 0)
                    : add_to_path(*remove_path, Kind::Removed, 1);
            new_pos = extract_common(base_path, new_tokens, old_tokens, diagonal);
            if (base_path.old_pos + 1 >= old_len && new_pos + 1 >= new_len)
                return build_values(base_path.last, new_tokens, old_tokens);

            const bool reached_old_end = base_path.old_pos + 1 >= old_len;
            slot(diagonal) = std::move(base_path);
            if (reached_old_end)
                max_diagonal = std::min(max_diagonal.value_or(diagonal - 1), diagonal - 1);
            if (new_pos + 1 >= new_len)
                min_diagonal = std::max(min_diagonal.value_or(diagonal + 1), diagonal + 1);
        }
    }
    return {};  // not reached: an edit script of length old + new always exists
}

namespace {

struct Hunk {
    std::size_t old_start;
    std::size_t old_lines;
    std::size_t new_start;
    std::size_t new_lines;
    std::vector<std::string> lines;
};

// `value.replace(/\n$/, '').split('\n')`
std::vector<std::string> split_value_lines(std::string_view value) {
    if (value.ends_with('\n')) value.remove_suffix(1);
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = value.find('\n', start);
        if (end == std::string_view::npos) {
            lines.emplace_back(value.substr(start));
            break;
        }
        lines.emplace_back(value.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::vector<std::string> context_lines(const std::vector<std::string>& lines, std::size_t from,
                                       std::size_t to) {
    std::vector<std::string> result;
    for (std::size_t i = from; i < to; ++i) result.push_back(" " + lines[i]);
    return result;
}

constexpr std::size_t kContext = 4;
constexpr char kNoNewline[] = "\\ No newline at end of file";

// structuredPatch(...).hunks
std::vector<Hunk> structured_hunks(std::string_view old_str, std::string_view new_str) {
    struct Entry {
        bool added;
        bool removed;
        std::vector<std::string> lines;
    };
    std::vector<Entry> diff;
    for (const Change& change : diff_lines(old_str, new_str))
        diff.push_back({change.added, change.removed, split_value_lines(change.value)});
    diff.push_back({false, false, {}});  // the empty entry that closes the last hunk

    std::vector<Hunk> hunks;
    std::size_t old_range_start = 0;
    std::size_t new_range_start = 0;
    std::vector<std::string> cur_range;
    std::size_t old_line = 1;
    std::size_t new_line = 1;
    for (std::size_t i = 0; i < diff.size(); ++i) {
        const Entry& current = diff[i];
        const std::vector<std::string>& lines = current.lines;
        if (current.added || current.removed) {
            if (old_range_start == 0) {
                old_range_start = old_line;
                new_range_start = new_line;
                if (i > 0) {
                    const auto& prev = diff[i - 1].lines;
                    const std::size_t from = prev.size() > kContext ? prev.size() - kContext : 0;
                    cur_range = context_lines(prev, from, prev.size());
                    old_range_start -= cur_range.size();
                    new_range_start -= cur_range.size();
                }
            }
            for (const std::string& line : lines)
                cur_range.push_back((current.added ? "+" : "-") + line);
            if (current.added)
                new_line += lines.size();
            else
                old_line += lines.size();
            continue;
        }
        if (old_range_start != 0) {
            if (lines.size() <= kContext * 2 && i + 2 < diff.size()) {
                for (auto& line : context_lines(lines, 0, lines.size()))
                    cur_range.push_back(std::move(line));
            } else {
                const std::size_t context_size = std::min(lines.size(), kContext);
                for (auto& line : context_lines(lines, 0, context_size))
                    cur_range.push_back(std::move(line));
                Hunk hunk{old_range_start,
                          old_line - old_range_start + context_size,
                          new_range_start,
                          new_line - new_range_start + context_size,
                          {}};
                if (i + 2 >= diff.size() && lines.size() <= kContext) {
                    // The end of the file is inside this hunk.
                    const bool old_eof_newline = old_str.ends_with('\n');
                    const bool new_eof_newline = new_str.ends_with('\n');
                    const bool no_nl_before_adds =
                        lines.empty() && cur_range.size() > hunk.old_lines;
                    if (!old_eof_newline && no_nl_before_adds && !old_str.empty()) {
                        cur_range.insert(
                            cur_range.begin() + static_cast<std::ptrdiff_t>(hunk.old_lines),
                            kNoNewline);
                    }
                    if ((!old_eof_newline && !no_nl_before_adds) || !new_eof_newline)
                        cur_range.push_back(kNoNewline);
                }
                hunk.lines = std::move(cur_range);
                hunks.push_back(std::move(hunk));
                old_range_start = 0;
                new_range_start = 0;
                cur_range.clear();
            }
        }
        old_line += lines.size();
        new_line += lines.size();
    }
    return hunks;
}

}  // namespace

std::string create_patch(std::string_view file_name, std::string_view old_str,
                         std::string_view new_str) {
    std::string patch;
    patch += "Index: ";
    patch += file_name;
    patch += "\n===================================================================\n--- ";
    patch += file_name;
    patch += "\n+++ ";
    patch += file_name;
    for (Hunk& hunk : structured_hunks(old_str, new_str)) {
        // Unified format: an empty range starts one line earlier.
        if (hunk.old_lines == 0) hunk.old_start -= 1;
        if (hunk.new_lines == 0) hunk.new_start -= 1;
        patch += "\n@@ -" + std::to_string(hunk.old_start) + "," + std::to_string(hunk.old_lines) +
                 " +" + std::to_string(hunk.new_start) + "," + std::to_string(hunk.new_lines) +
                 " @@";
        for (const std::string& line : hunk.lines) patch += "\n" + line;
    }
    patch += '\n';
    return patch;
}

}  // namespace lapce_ai::prompts::jsdiff
