#pragma once

// The languages the service has loaded: each grammar's compiled query, made once on first use
// and shared (the reference compiles it again on every call, ~20 s for Swift), and parsers kept
// per language for reuse. Thread-safe: one compilation per query at a time, others wait for it.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <tree_sitter/api.h>

#include "compiled_query.h"
#include "expected.h"
#include "language_table.h"

namespace lapce_ai::treesitter {

struct LoadedLanguage {
    const TSLanguage* language = nullptr;
    std::shared_ptr<const CompiledQuery> query;
};

class LanguageRegistry;

// A parser set to one language; goes back to the registry's pool when the lease ends.
class ParserLease {
  public:
    ParserLease(LanguageRegistry* registry, const TSLanguage* language, TSParser* parser)
        : registry_(registry), language_(language), parser_(parser) {}
    ParserLease(ParserLease&& other) noexcept;
    ParserLease& operator=(ParserLease&&) = delete;
    ParserLease(const ParserLease&) = delete;
    ~ParserLease();
    TSParser* get() const { return parser_; }

  private:
    LanguageRegistry* registry_;
    const TSLanguage* language_;
    TSParser* parser_;
};

class LanguageRegistry {
  public:
    LanguageRegistry() = default;
    ~LanguageRegistry();
    LanguageRegistry(const LanguageRegistry&) = delete;
    LanguageRegistry& operator=(const LanguageRegistry&) = delete;

    // loadLanguage(spec.grammar) + new Query(language, <spec.query>); the error is the message
    // the reference throws (a failed compilation is remembered like a successful one).
    Expected<LoadedLanguage, std::string> load(const LanguageSpec& spec);

    ParserLease acquire_parser(const TSLanguage* language);

    struct Stats {
        std::size_t queries_compiled = 0;
        std::chrono::microseconds compile_time{0};
        std::size_t idle_parsers = 0;
    };
    Stats stats() const;

  private:
    friend class ParserLease;
    void release_parser(const TSLanguage* language, TSParser* parser);

    struct Entry {
        std::mutex compiling;
        bool done = false;
        Expected<LoadedLanguage, std::string> result = unexpected(std::string());
    };
    std::shared_ptr<Entry> entry_for(const LanguageSpec& spec);

    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Entry>, std::less<>> entries_;  // "<grammar>/<query>"
    std::map<const TSLanguage*, std::vector<TSParser*>> idle_parsers_;
    Stats stats_;
};

}  // namespace lapce_ai::treesitter
