#include "js_replace.h"

#include <cassert>

namespace lapce_ai::json {

std::string js_replace_all(std::string_view text, std::string_view pattern,
                           std::string_view replacement) {
    assert(!pattern.empty());
    if (pattern.empty()) return std::string(text);
    std::string result;
    std::size_t from = 0;
    for (std::size_t at = text.find(pattern); at != std::string_view::npos;
         at = text.find(pattern, at + pattern.size())) {
        result.append(text.substr(from, at - from));
        // GetSubstitution: the pattern has no capture groups, so "$1" and "$<" stay literal.
        for (std::size_t i = 0; i < replacement.size(); ++i) {
            const char c = replacement[i];
            const char next = i + 1 < replacement.size() ? replacement[i + 1] : '\0';
            if (c != '$' || (next != '$' && next != '&' && next != '`' && next != '\'')) {
                result.push_back(c);
                continue;
            }
            if (next == '$') result.push_back('$');
            if (next == '&') result.append(pattern);
            if (next == '`') result.append(text.substr(0, at));
            if (next == '\'') result.append(text.substr(at + pattern.size()));
            ++i;
        }
        from = at + pattern.size();
    }
    result.append(text.substr(from));
    return result;
}

}  // namespace lapce_ai::json
