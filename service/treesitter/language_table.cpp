#include "language_table.h"

#include <algorithm>

namespace lapce_ai::treesitter {
namespace {

constexpr std::string_view kExtensions[] = {
    ".tla",      ".js",   ".jsx", ".ts",  ".vue", ".tsx", ".py",   ".rs",    ".go",
    ".c",        ".h",    ".cpp", ".hpp", ".cs",  ".rb",  ".java", ".php",   ".swift",
    ".sol",      ".kt",   ".kts", ".ex",  ".exs", ".el",  ".html", ".htm",   ".md",
    ".markdown", ".json", ".css", ".rdl", ".ml",  ".mli", ".lua",  ".scala", ".toml",
    ".zig",      ".elm",  ".ejs", ".erb", ".vb",
};

struct ExtensionCase {
    std::string_view extension;
    LanguageSpec spec;  // an empty parser_key means "the extension itself"
};

constexpr ExtensionCase kCases[] = {
    {"js", {"", "javascript", "javascript"}},
    {"jsx", {"", "javascript", "javascript"}},
    {"json", {"", "javascript", "javascript"}},
    {"ts", {"", "typescript", "typescript"}},
    {"tsx", {"", "tsx", "tsx"}},
    {"py", {"", "python", "python"}},
    {"rs", {"", "rust", "rust"}},
    {"go", {"", "go", "go"}},
    {"cpp", {"", "cpp", "cpp"}},
    {"hpp", {"", "cpp", "cpp"}},
    {"c", {"", "c", "c"}},
    {"h", {"", "c", "c"}},
    {"cs", {"", "c_sharp", "c_sharp"}},
    {"rb", {"", "ruby", "ruby"}},
    {"java", {"", "java", "java"}},
    {"php", {"", "php", "php"}},
    {"swift", {"", "swift", "swift"}},
    {"kt", {"", "kotlin", "kotlin"}},
    {"kts", {"", "kotlin", "kotlin"}},
    {"css", {"", "css", "css"}},
    {"html", {"", "html", "html"}},
    {"ml", {"", "ocaml", "ocaml"}},
    {"mli", {"", "ocaml", "ocaml"}},
    // The reference's "temporarily use Lua query until Scala is implemented".
    {"scala", {"", "scala", "lua"}},
    {"sol", {"", "solidity", "solidity"}},
    {"toml", {"", "toml", "toml"}},
    {"vue", {"", "vue", "vue"}},
    {"lua", {"", "lua", "lua"}},
    {"rdl", {"", "systemrdl", "systemrdl"}},
    {"tla", {"", "tlaplus", "tlaplus"}},
    {"zig", {"", "zig", "zig"}},
    // Stored under one key for both, which parseFile then never finds by extension.
    {"ejs", {"embedded_template", "embedded_template", "embedded_template"}},
    {"erb", {"embedded_template", "embedded_template", "embedded_template"}},
    {"el", {"", "elisp", "elisp"}},
    {"ex", {"", "elixir", "elixir"}},
    {"exs", {"", "elixir", "elixir"}},
};

}  // namespace

std::span<const std::string_view> extensions() {
    return kExtensions;
}

bool is_listed_extension(std::string_view extension_with_dot) {
    const auto listed = extensions();
    return std::find(listed.begin(), listed.end(), extension_with_dot) != listed.end();
}

std::optional<LanguageSpec> language_for_extension(std::string_view extension) {
    for (const ExtensionCase& entry : kCases) {
        if (entry.extension == extension) {
            LanguageSpec spec = entry.spec;
            if (spec.parser_key.empty()) spec.parser_key = entry.extension;
            return spec;
        }
    }
    return std::nullopt;
}

}  // namespace lapce_ai::treesitter
