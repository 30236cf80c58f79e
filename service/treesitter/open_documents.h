#pragma once

// Files the editor has open, with the edits it reported (DidChange): their current text and a
// tree kept in step with it by ts_tree_edit, re-parsed incrementally (reusing every unchanged
// subtree) the next time definitions are asked for while the file on disk has that text, which
// is the case right after the editor saves it. Thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "expected.h"
#include "source_text.h"
#include "syntax_tree.h"

namespace lapce_ai::treesitter {

// A place in a document as the Language Server Protocol gives it: line and UTF-16 code unit.
struct TextPosition {
    std::uint32_t line = 0;
    std::uint32_t character = 0;
};

// Replace [start, end) by `new_text` (UTF-8). A document's edits apply one after another.
struct TextEdit {
    TextPosition start;
    TextPosition end;
    std::string new_text;
};

class OpenDocuments {
  public:
    // What a document starts from when its first edit arrives: the file's text and, when known,
    // its language and a tree of that text.
    struct Opening {
        SourceText text;
        const TSLanguage* language = nullptr;
        TreePtr tree;
    };

    // Applies `edits` in order to the document at `path`, opening it with `open()` first. All or
    // nothing: an edit outside the text leaves the document unchanged and returns the reason.
    Expected<void, std::string> apply_changes(const std::string& path,
                                              std::span<const TextEdit> edits,
                                              const std::function<Opening()>& open);
    bool close(const std::string& path);

    // The tree of the open document at `path` if its text is `text` in `language`, re-parsed with
    // `parse(old_tree)` first when edits arrived since; null otherwise (or when stopped).
    TreePtr tree_for(const std::string& path, std::u16string_view text, const TSLanguage* language,
                     const std::function<TreePtr(const TSTree* old_tree)>& parse);

    struct Stats {
        std::size_t open = 0;
        std::uint64_t incremental_parses = 0;
        std::uint64_t edits_applied = 0;
    };
    Stats stats() const;

  private:
    struct Document {
        SourceText text;
        const TSLanguage* language = nullptr;
        TreePtr tree;               // edited to match `text`, or null
        bool tree_current = false;  // parsed from `text` (no edits since)
        std::uint64_t version = 0;  // counts the changes
    };

    mutable std::mutex mutex_;
    std::map<std::string, Document, std::less<>> documents_;
    Stats stats_;
};

}  // namespace lapce_ai::treesitter
