#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace lapce_ai::treesitter {

struct GrammarLoad {
    const TSLanguage* language = nullptr;
    std::string error;
};

// The grammar by the name the reference's wasm files use (tree-sitter-<name>.wasm): "javascript",
// "typescript", "tsx", "python", "rust", "go", "cpp", "c", "c_sharp", "ruby", "java", "php",
// "swift", "kotlin", "css", "html", "ocaml", "scala", "solidity", "toml", "vue", "lua",
// "systemrdl", "tlaplus", "zig", "embedded_template", "elisp", "elixir". The language is static
// data of the binary: never deleted, shared by every thread. An unknown name or a grammar whose
// ABI the runtime cannot read gives a null language and an error.
GrammarLoad load_grammar(std::string_view name);

// Every name load_grammar knows, in the order above.
std::span<const std::string_view> grammar_names();

// Empty when the runtime reads grammars of this ABI version
// (TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION..TREE_SITTER_LANGUAGE_VERSION), else the error
// load_grammar reports for grammar `name`.
std::string language_abi_error(std::string_view name, std::uint32_t abi_version);

}  // namespace lapce_ai::treesitter
