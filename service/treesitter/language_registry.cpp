#include "language_registry.h"

#include "grammar_registry.h"
#include "query_sources.h"

namespace lapce_ai::treesitter {
namespace {

// Idle parsers kept per language; more concurrent parses than this create and free extra ones.
constexpr std::size_t kIdleParsersPerLanguage = 2;

}  // namespace

ParserLease::ParserLease(ParserLease&& other) noexcept
    : registry_(other.registry_), language_(other.language_), parser_(other.parser_) {
    other.parser_ = nullptr;
}

ParserLease::~ParserLease() {
    if (parser_) registry_->release_parser(language_, parser_);
}

LanguageRegistry::~LanguageRegistry() {
    for (auto& [language, parsers] : idle_parsers_) {
        for (TSParser* parser : parsers) ts_parser_delete(parser);
    }
}

std::shared_ptr<LanguageRegistry::Entry> LanguageRegistry::entry_for(const LanguageSpec& spec) {
    std::string key(spec.grammar);
    key += '/';
    key += spec.query;
    const std::lock_guard lock(mutex_);
    auto& entry = entries_[key];
    if (!entry) entry = std::make_shared<Entry>();
    return entry;
}

Expected<LoadedLanguage, std::string> LanguageRegistry::load(const LanguageSpec& spec) {
    const std::shared_ptr<Entry> entry = entry_for(spec);
    const std::lock_guard compiling(entry->compiling);
    if (entry->done) return entry->result;

    const GrammarLoad grammar = load_grammar(spec.grammar);
    if (!grammar.language) {
        entry->result = unexpected(grammar.error);
    } else {
        const auto started = std::chrono::steady_clock::now();
        auto query = CompiledQuery::compile(grammar.language, query_source(spec.query));
        const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - started);
        {
            const std::lock_guard lock(mutex_);
            ++stats_.queries_compiled;
            stats_.compile_time += elapsed;
        }
        if (query) {
            entry->result = LoadedLanguage{grammar.language, std::move(*query)};
        } else {
            entry->result = unexpected(query.error());
        }
    }
    entry->done = true;
    return entry->result;
}

ParserLease LanguageRegistry::acquire_parser(const TSLanguage* language) {
    {
        const std::lock_guard lock(mutex_);
        auto& idle = idle_parsers_[language];
        if (!idle.empty()) {
            TSParser* parser = idle.back();
            idle.pop_back();
            return ParserLease(this, language, parser);
        }
    }
    TSParser* parser = ts_parser_new();
    ts_parser_set_language(parser, language);
    return ParserLease(this, language, parser);
}

void LanguageRegistry::release_parser(const TSLanguage* language, TSParser* parser) {
    ts_parser_reset(parser);
    {
        const std::lock_guard lock(mutex_);
        auto& idle = idle_parsers_[language];
        if (idle.size() < kIdleParsersPerLanguage) {
            idle.push_back(parser);
            return;
        }
    }
    ts_parser_delete(parser);
}

LanguageRegistry::Stats LanguageRegistry::stats() const {
    const std::lock_guard lock(mutex_);
    Stats stats = stats_;
    for (const auto& [language, parsers] : idle_parsers_) stats.idle_parsers += parsers.size();
    return stats;
}

}  // namespace lapce_ai::treesitter
