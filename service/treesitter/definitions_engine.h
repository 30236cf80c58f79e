#pragma once

// What the definitions functions keep between calls in the service: the loaded languages
// (compiled queries, parsers), parsed trees of files, the editor's open documents, and the
// shared file reader. One per service; thread-safe.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

#include "compiled_query.h"
#include "file_reader.h"
#include "language_registry.h"
#include "list_files.h"
#include "open_documents.h"
#include "tree_cache.h"

namespace lapce_ai::treesitter {

struct DefinitionsOptions {
    // Longest parse or query run of one file; a 10 MB or binary file must not hold a worker.
    std::chrono::milliseconds file_timeout = std::chrono::seconds(10);
    std::size_t tree_cache_budget = 4 * 1024 * 1024;
    // os.homedir() (listFiles does not list it) and rg's working directory.
    glob::ListFilesEnvironment list_environment = glob::current_list_files_environment();
};

class DefinitionsEngine {
  public:
    explicit DefinitionsEngine(FileReader& reader, DefinitionsOptions options = {});

    FileReader& reader() { return reader_; }
    LanguageRegistry& languages() { return languages_; }
    TreeCache& trees() { return trees_; }
    OpenDocuments& documents() { return documents_; }
    const DefinitionsOptions& options() const { return options_; }

    // The limit for one file's parse and query, from now.
    Cancellation file_cancellation(const std::atomic<bool>* cancelled) const;

  private:
    FileReader& reader_;
    DefinitionsOptions options_;
    LanguageRegistry languages_;
    TreeCache trees_;
    OpenDocuments documents_;
};

}  // namespace lapce_ai::treesitter
