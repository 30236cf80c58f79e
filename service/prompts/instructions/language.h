#pragma once

// src/shared/language.ts and the language list of packages/types/src/vscode.ts.

#include <optional>
#include <string>
#include <string_view>

namespace lapce_ai::prompts {

// isLanguage: one of the supported codes ("en", "pt-BR", "zh-CN", ...), matched exactly.
bool is_language(std::string_view code);

// LANGUAGES[code]: the language's own name ("Français"); nullopt for an unsupported code.
std::optional<std::string> language_name(std::string_view code);

// formatLanguage (src/shared/language.ts): "pt-br" -> "pt-BR"; "en" for an empty or
// unsupported locale.
std::string format_language(std::string_view vscode_locale);

}  // namespace lapce_ai::prompts
