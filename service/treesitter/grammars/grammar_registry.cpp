#include "grammar_registry.h"

#include <algorithm>
#include <array>

// Entry points of the generated parsers (lapceai_grammars).
extern "C" {
const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_typescript(void);
const TSLanguage* tree_sitter_tsx(void);
const TSLanguage* tree_sitter_python(void);
const TSLanguage* tree_sitter_rust(void);
const TSLanguage* tree_sitter_go(void);
const TSLanguage* tree_sitter_cpp(void);
const TSLanguage* tree_sitter_c(void);
const TSLanguage* tree_sitter_c_sharp(void);
const TSLanguage* tree_sitter_ruby(void);
const TSLanguage* tree_sitter_java(void);
const TSLanguage* tree_sitter_php(void);
const TSLanguage* tree_sitter_swift(void);
const TSLanguage* tree_sitter_kotlin(void);
const TSLanguage* tree_sitter_css(void);
const TSLanguage* tree_sitter_html(void);
const TSLanguage* tree_sitter_ocaml(void);
const TSLanguage* tree_sitter_scala(void);
const TSLanguage* tree_sitter_solidity(void);
const TSLanguage* tree_sitter_toml(void);
const TSLanguage* tree_sitter_vue(void);
const TSLanguage* tree_sitter_lua(void);
const TSLanguage* tree_sitter_systemrdl(void);
const TSLanguage* tree_sitter_tlaplus(void);
const TSLanguage* tree_sitter_zig(void);
const TSLanguage* tree_sitter_embedded_template(void);
const TSLanguage* tree_sitter_elisp(void);
const TSLanguage* tree_sitter_elixir(void);
}

namespace lapce_ai::treesitter {
namespace {

struct Grammar {
    std::string_view name;
    const TSLanguage* (*language)();
};

constexpr std::array kGrammars = {
    Grammar{"javascript", tree_sitter_javascript},
    Grammar{"typescript", tree_sitter_typescript},
    Grammar{"tsx", tree_sitter_tsx},
    Grammar{"python", tree_sitter_python},
    Grammar{"rust", tree_sitter_rust},
    Grammar{"go", tree_sitter_go},
    Grammar{"cpp", tree_sitter_cpp},
    Grammar{"c", tree_sitter_c},
    Grammar{"c_sharp", tree_sitter_c_sharp},
    Grammar{"ruby", tree_sitter_ruby},
    Grammar{"java", tree_sitter_java},
    Grammar{"php", tree_sitter_php},
    Grammar{"swift", tree_sitter_swift},
    Grammar{"kotlin", tree_sitter_kotlin},
    Grammar{"css", tree_sitter_css},
    Grammar{"html", tree_sitter_html},
    Grammar{"ocaml", tree_sitter_ocaml},
    Grammar{"scala", tree_sitter_scala},
    Grammar{"solidity", tree_sitter_solidity},
    Grammar{"toml", tree_sitter_toml},
    Grammar{"vue", tree_sitter_vue},
    Grammar{"lua", tree_sitter_lua},
    Grammar{"systemrdl", tree_sitter_systemrdl},
    Grammar{"tlaplus", tree_sitter_tlaplus},
    Grammar{"zig", tree_sitter_zig},
    Grammar{"embedded_template", tree_sitter_embedded_template},
    Grammar{"elisp", tree_sitter_elisp},
    Grammar{"elixir", tree_sitter_elixir},
};

constexpr auto kNames = [] {
    std::array<std::string_view, kGrammars.size()> names{};
    std::ranges::transform(kGrammars, names.begin(), &Grammar::name);
    return names;
}();

}  // namespace

std::string language_abi_error(std::string_view name, std::uint32_t abi_version) {
    if (abi_version >= TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION &&
        abi_version <= TREE_SITTER_LANGUAGE_VERSION) {
        return {};
    }
    return "tree-sitter grammar \"" + std::string(name) + "\" has ABI version " +
           std::to_string(abi_version) + ", but the tree-sitter runtime reads versions " +
           std::to_string(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) + " to " +
           std::to_string(TREE_SITTER_LANGUAGE_VERSION);
}

GrammarLoad load_grammar(std::string_view name) {
    const auto* grammar = std::ranges::find(kGrammars, name, &Grammar::name);
    if (grammar == kGrammars.end()) {
        return {nullptr, "no tree-sitter grammar named \"" + std::string(name) + "\""};
    }
    const TSLanguage* language = grammar->language();
    std::string error = language_abi_error(name, ts_language_abi_version(language));
    if (!error.empty()) return {nullptr, std::move(error)};
    return {language, {}};
}

std::span<const std::string_view> grammar_names() {
    return kNames;
}

}  // namespace lapce_ai::treesitter
