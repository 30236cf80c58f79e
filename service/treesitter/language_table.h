#pragma once

// Which files the definitions feature reads and how (src/services/tree-sitter/index.ts
// `extensions`, languageParser.ts loadRequiredLanguageParsers), including the reference's broken
// entries: scala is wired to the Lua query, ejs/erb are stored under another key, and htm, elm and
// vb are listed without a parser.

#include <optional>
#include <span>
#include <string_view>

namespace lapce_ai::treesitter {

// index.ts `extensions`: every listed extension with its dot, in the reference's order.
std::span<const std::string_view> extensions();

// extensions.includes(ext): an exact, case-sensitive comparison.
bool is_listed_extension(std::string_view extension_with_dot);

struct LanguageSpec {
    std::string_view parser_key;  // the key loadRequiredLanguageParsers stores the parser under
    std::string_view grammar;     // the name of the reference's wasm file (tree-sitter-<grammar>)
    std::string_view query;       // the query source (resources/treesitter/queries/<query>.scm)
};

// The case of loadRequiredLanguageParsers' switch for a lowercased extension without its dot;
// nullopt where the reference throws `Unsupported language: <ext>`.
std::optional<LanguageSpec> language_for_extension(std::string_view extension);

}  // namespace lapce_ai::treesitter
