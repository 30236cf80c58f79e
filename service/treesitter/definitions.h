#pragma once

// The reference's definitions service (src/services/tree-sitter/index.ts):
// parseSourceCodeDefinitionsForFile and parseSourceCodeForDefinitionsTopLevel, with the same
// results and messages, plus the editor's document notifications that keep trees current.

#include <atomic>
#include <optional>
#include <span>
#include <string>

#include "definitions_engine.h"
#include "expected.h"
#include "open_documents.h"

namespace lapce_ai::ignore {
class RooIgnoreController;
}

namespace lapce_ai::treesitter {

struct DefinitionError {
    enum class Kind {
        Thrown,   // the reference throws (or rejects with) `message`
        Stopped,  // the file's time limit passed or the caller cancelled
    };
    Kind kind = Kind::Thrown;
    std::string message;
};

// nullopt is the reference's `undefined`.
using FileDefinitions = Expected<std::optional<std::string>, DefinitionError>;

// For an absolute `file_path`: "# <basename>\n<definitions>", the reference's messages, or
// nullopt (unlisted extension, nothing found, or denied by `controller`).
FileDefinitions parse_source_code_definitions_for_file(
    DefinitionsEngine& engine, const std::string& file_path,
    ignore::RooIgnoreController* controller = nullptr,
    const std::atomic<bool>* cancelled = nullptr);

// For an absolute `dir_path`: the definitions of its first 50 listed source files, each under
// "# <relative path>", or the reference's messages.
Expected<std::string, DefinitionError> parse_source_code_for_definitions_top_level(
    DefinitionsEngine& engine, const std::string& dir_path,
    ignore::RooIgnoreController* controller = nullptr,
    const std::atomic<bool>* cancelled = nullptr);

// DidChange: applies the editor's edits to its copy of the document (opened from disk on the
// first change). The error says which edit does not fit the text.
Expected<void, std::string> did_change(DefinitionsEngine& engine, const std::string& path,
                                       std::span<const TextEdit> edits);
// DidClose: forgets the document; false when it was not open.
bool did_close(DefinitionsEngine& engine, const std::string& path);

}  // namespace lapce_ai::treesitter
