#include "terminal_output.h"

#include <algorithm>
#include <cmath>

#include "js_utf16.h"

namespace lapce_ai::prompts {
namespace {

using Index = std::int64_t;

Index length(std::u16string_view text) {
    return static_cast<Index>(text.size());
}

std::u16string ascii(std::string_view text) {
    return {text.begin(), text.end()};
}

// String.prototype.indexOf / lastIndexOf for one code unit; -1 when absent.
Index index_of(std::u16string_view text, char16_t unit, Index from) {
    if (from >= length(text)) return -1;
    const std::size_t at = text.find(unit, static_cast<std::size_t>(std::max<Index>(from, 0)));
    return at == std::u16string_view::npos ? -1 : static_cast<Index>(at);
}

// A negative position searches from 0, so a match at index 0 is found again and again.
Index last_index_of(std::u16string_view text, char16_t unit, Index from) {
    const std::size_t at = text.rfind(unit, static_cast<std::size_t>(std::max<Index>(from, 0)));
    return at == std::u16string_view::npos ? -1 : static_cast<Index>(at);
}

// String.prototype.substring: bounds clamped to [0, length], swapped when reversed.
std::u16string_view substring(std::u16string_view text, Index start, Index end) {
    start = std::clamp<Index>(start, 0, length(text));
    end = std::clamp<Index>(end, 0, length(text));
    if (start > end) std::swap(start, end);
    return text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
}

// String.prototype.slice: negative bounds count from the end.
std::u16string_view slice(std::u16string_view text, Index start, Index end) {
    auto resolve = [&](Index bound) {
        return bound < 0 ? std::max<Index>(length(text) + bound, 0)
                         : std::min<Index>(bound, length(text));
    };
    start = resolve(start);
    end = resolve(end);
    if (start >= end) return {};
    return text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
}

std::u16string_view slice(std::u16string_view text, Index start) {
    return slice(text, start, length(text));
}

// Math.floor(limit * 0.2) on the limit as a JavaScript number.
Index fifth_of(Index limit) {
    return static_cast<Index>(std::floor(static_cast<double>(limit) * 0.2));
}

bool is_high_surrogate(Index unit) {
    return unit >= 0xD800 && unit <= 0xDBFF;
}
bool is_low_surrogate(Index unit) {
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

std::u16string compression_description(Index repeat_count) {
    return ascii("<previous line repeated " + std::to_string(repeat_count) +
                 " additional times>\n");
}

// processLineWithCarriageReturns: each segment after a carriage return overwrites the start
// of the line; a surrogate pair it would cut in half becomes a space.
std::u16string process_line_with_carriage_returns(std::u16string_view input,
                                                  std::u16string_view initial_line,
                                                  Index initial_cr_pos, Index line_end) {
    std::u16string cur_line(initial_line);
    Index cr_pos = initial_cr_pos;
    while (cr_pos < line_end) {
        Index next_cr_pos = index_of(input, u'\r', cr_pos + 1);
        if (next_cr_pos == -1 || next_cr_pos >= line_end) next_cr_pos = line_end;
        const std::u16string_view segment = substring(input, cr_pos + 1, next_cr_pos);
        if (!segment.empty()) {
            const Index segment_length = length(segment);
            if (segment_length >= length(cur_line)) {
                cur_line = segment;
            } else {
                const Index segment_last_char_code = segment[segment.size() - 1];
                const Index partial_char_code = cur_line[segment.size()];
                if (is_high_surrogate(segment_last_char_code) ||
                    is_low_surrogate(partial_char_code) ||
                    (length(cur_line) > segment_length + 1 &&
                     is_high_surrogate(partial_char_code))) {
                    std::u16string next(segment);
                    next += u' ';
                    next += substring(cur_line, segment_length + 1, length(cur_line));
                    cur_line = std::move(next);
                } else {
                    std::u16string next(segment);
                    next += substring(cur_line, segment_length, length(cur_line));
                    cur_line = std::move(next);
                }
            }
        }
        cr_pos = next_cr_pos;
    }
    return cur_line;
}

}  // namespace

std::u16string truncate_output(std::u16string_view content, Index line_limit,
                               Index character_limit) {
    if (line_limit == 0 && character_limit == 0) return std::u16string(content);

    // The character limit takes priority over the line limit.
    if (character_limit != 0 && length(content) > character_limit) {
        const Index before_limit = fifth_of(character_limit);
        const Index after_limit = character_limit - before_limit;
        const Index omitted_chars = length(content) - character_limit;
        std::u16string result(slice(content, 0, before_limit));
        result += ascii("\n[..." + std::to_string(omitted_chars) + " characters omitted...]\n");
        result += slice(content, -after_limit);
        return result;
    }
    if (line_limit == 0) return std::u16string(content);

    Index total_lines = 0;
    Index pos = -1;
    while ((pos = index_of(content, u'\n', pos + 1)) != -1) ++total_lines;
    ++total_lines;  // the last line, without a line feed
    if (total_lines <= line_limit) return std::u16string(content);

    const Index before_limit = fifth_of(line_limit);
    const Index after_limit = line_limit - before_limit;

    Index start_end_pos = -1;
    Index line_count = 0;
    pos = 0;
    while (line_count < before_limit && (pos = index_of(content, u'\n', pos)) != -1) {
        start_end_pos = pos;
        ++line_count;
        ++pos;
    }

    Index end_start_pos = length(content);
    line_count = 0;
    pos = length(content);
    while (line_count < after_limit && (pos = last_index_of(content, u'\n', pos - 1)) != -1) {
        end_start_pos = pos + 1;
        ++line_count;
    }

    const Index omitted_lines = total_lines - line_limit;
    std::u16string result(slice(content, 0, start_end_pos + 1));
    result += ascii("\n[..." + std::to_string(omitted_lines) + " lines omitted...]\n\n");
    result += slice(content, end_start_pos);
    return result;
}

std::u16string apply_run_length_encoding(std::u16string_view content) {
    if (content.empty()) return {};

    std::u16string result;
    Index pos = 0;
    Index repeat_count = 0;
    std::optional<std::u16string_view> prev_line;

    while (pos < length(content)) {
        const Index next_newline_idx = index_of(content, u'\n', pos);
        const std::u16string_view current_line = next_newline_idx == -1
                                                     ? slice(content, pos)
                                                     : slice(content, pos, next_newline_idx + 1);
        if (!prev_line) {
            prev_line = current_line;
        } else if (current_line == *prev_line) {
            ++repeat_count;
        } else {
            if (repeat_count > 0) {
                const std::u16string description = compression_description(repeat_count);
                if (length(description) < length(*prev_line) * (repeat_count + 1)) {
                    result += *prev_line;
                    result += description;
                } else {
                    for (Index i = 0; i <= repeat_count; ++i) result += *prev_line;
                }
                repeat_count = 0;
            } else {
                result += *prev_line;
            }
            prev_line = current_line;
        }
        pos = next_newline_idx == -1 ? length(content) : next_newline_idx + 1;
    }

    // The reference weighs the final run against repeatCount copies, not repeatCount + 1.
    if (repeat_count > 0 && prev_line) {
        const std::u16string description = compression_description(repeat_count);
        if (length(description) < length(*prev_line) * repeat_count) {
            result += *prev_line;
            result += description;
        } else {
            for (Index i = 0; i <= repeat_count; ++i) result += *prev_line;
        }
    } else if (prev_line) {
        result += *prev_line;
    }
    return result;
}

std::u16string process_carriage_returns(std::u16string_view input) {
    if (index_of(input, u'\r', 0) == -1) return std::u16string(input);

    std::u16string output;
    Index i = 0;
    const Index len = length(input);
    while (i < len) {
        Index line_end = index_of(input, u'\n', i);
        if (line_end == -1) line_end = len;

        const Index cr_pos = index_of(input, u'\r', i);
        if (cr_pos == -1 || cr_pos >= line_end) {
            output += substring(input, i, line_end);
        } else {
            output += process_line_with_carriage_returns(input, substring(input, i, cr_pos), cr_pos,
                                                         line_end);
        }
        // Only a line feed that was there is put back.
        if (line_end < len) output += u'\n';
        i = line_end + 1;
    }
    return output;
}

// Backspaces are taken as destructive: each removes the code unit before it.
std::u16string process_backspaces(std::u16string_view input) {
    std::u16string output;
    Index pos = 0;
    Index bs_pos = index_of(input, u'\b', 0);

    while (bs_pos != -1) {
        output += substring(input, pos, bs_pos - 1);
        pos = bs_pos + 1;

        Index count = 0;
        while (pos < length(input) && input[static_cast<std::size_t>(pos)] == u'\b') {
            ++count;
            ++pos;
        }
        if (count > 0 && !output.empty())
            output.resize(static_cast<std::size_t>(std::max<Index>(0, length(output) - count)));

        bs_pos = index_of(input, u'\b', pos);
    }
    if (pos < length(input)) output += substring(input, pos, length(input));
    return output;
}

std::string truncate_output(std::string_view content, Index line_limit, Index character_limit) {
    return utf16_to_utf8(truncate_output(utf8_to_utf16(content), line_limit, character_limit));
}

std::string apply_run_length_encoding(std::string_view content) {
    return utf16_to_utf8(apply_run_length_encoding(utf8_to_utf16(content)));
}

std::string process_carriage_returns(std::string_view input) {
    return utf16_to_utf8(process_carriage_returns(utf8_to_utf16(input)));
}

std::string process_backspaces(std::string_view input) {
    return utf16_to_utf8(process_backspaces(utf8_to_utf16(input)));
}

std::string compress_terminal_output(std::string_view input, Index line_limit,
                                     std::optional<Index> character_limit,
                                     bool compress_progress_bar) {
    std::u16string processed_input = utf8_to_utf16(input);
    if (compress_progress_bar) {
        processed_input = process_carriage_returns(processed_input);
        processed_input = process_backspaces(processed_input);
    }
    const Index effective_char_limit =
        character_limit.value_or(kDefaultTerminalOutputCharacterLimit);
    return utf16_to_utf8(truncate_output(apply_run_length_encoding(processed_input), line_limit,
                                         effective_char_limit));
}

}  // namespace lapce_ai::prompts
