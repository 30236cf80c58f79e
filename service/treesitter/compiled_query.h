#pragma once

// A tree-sitter query compiled once and shared, with the text predicates applied the way
// web-tree-sitter 0.25 applies them in JavaScript (the C runtime leaves predicates to the
// binding): `eq?`/`not-eq?`/`any-eq?`/`any-not-eq?`, `match?` and its variants with JavaScript
// regular expressions, `any-of?`/`not-any-of?`. A match whose predicates fail drops only the
// capture it was reported for; other operators (`strip!`, `select-adjacent!`, `set!`, `is?`)
// do not filter.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

#include "capture.h"
#include "expected.h"
#include "source_text.h"

namespace lapce_ai::treesitter {

// Stops a parse or a query run: at a deadline, or when the flag is raised (the client left).
struct Cancellation {
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    const std::atomic<bool>* cancelled = nullptr;
    bool should_stop() const {
        return (cancelled && cancelled->load(std::memory_order_relaxed)) ||
               std::chrono::steady_clock::now() >= deadline;
    }
};

class CompiledQuery {
  public:
    // `new Query(language, source)`; the error is web-tree-sitter's QueryError message, e.g.
    // "Bad node name 'function_definition_statement'".
    static Expected<std::shared_ptr<const CompiledQuery>, std::string> compile(
        const TSLanguage* language, std::string_view source);

    ~CompiledQuery();
    CompiledQuery(const CompiledQuery&) = delete;
    CompiledQuery& operator=(const CompiledQuery&) = delete;

    // `query.captures(root)`: every capture in the runtime's order, predicates applied. False when
    // stopped by `cancellation` (captures is then incomplete).
    bool captures(TSNode root, const SourceText& text, const Cancellation& cancellation,
                  std::vector<Capture>& captures) const;

    struct TextPredicate;

  private:
    CompiledQuery() = default;
    bool passes(std::uint16_t pattern_index, const TSQueryMatch& match,
                const SourceText& text) const;

    TSQuery* query_ = nullptr;
    std::vector<std::string> capture_names_;
    std::vector<std::vector<TextPredicate>> text_predicates_;  // per pattern
};

}  // namespace lapce_ai::treesitter
