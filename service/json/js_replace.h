#pragma once

// String.prototype.replace with a global literal pattern, shared by the prompt layer and the
// providers.

#include <string>
#include <string_view>

namespace lapce_ai::json {

// text.replaceAll(pattern, replacement) for a literal pattern (or a global RegExp without capture
// groups): "$$", "$&", "$`" and "$'" in the replacement keep their String.prototype.replace
// meaning; any other "$" stays as written. `pattern` must not be empty (every caller replaces a
// placeholder).
std::string js_replace_all(std::string_view text, std::string_view pattern,
                           std::string_view replacement);

}  // namespace lapce_ai::json
