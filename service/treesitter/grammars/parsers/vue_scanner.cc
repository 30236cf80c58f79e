// tree-sitter-vue's external scanner as the reference's wasm has it. The reference's
// tree-sitter-vue.wasm was built from tree-sitter-grammars/tree-sitter-vue 7e48557, whose scanner
// (rewritten in C) scans the raw text of <script> and <style> before skipping whitespace, so
// raw_text starts right after the start tag. npm's 0.2.1 (the last published version, otherwise
// the same grammar) skips the whitespace first, and its raw_text starts on the next line, which
// changes the definitions found. This wraps 0.2.1's scanner (included from the fetched sources)
// and takes raw text first whenever it is the token being looked for.

#define tree_sitter_vue_external_scanner_scan lapceai_vue_npm_scanner_scan
#include "scanner.cc"
#undef tree_sitter_vue_external_scanner_scan

extern "C" bool tree_sitter_vue_external_scanner_scan(void* payload, TSLexer* lexer,
                                                      const bool* valid_symbols) {
    // Where 7e48557 reaches its raw-text branch without trying text fragments first.
    if (valid_symbols[RAW_TEXT] && !valid_symbols[START_TAG_NAME] && !valid_symbols[END_TAG_NAME] &&
        !valid_symbols[TEXT_FRAGMENT] && !valid_symbols[INTERPOLATION_TEXT]) {
        return static_cast<Scanner*>(payload)->scan_raw_text(lexer);
    }
    return lapceai_vue_npm_scanner_scan(payload, lexer, valid_symbols);
}
