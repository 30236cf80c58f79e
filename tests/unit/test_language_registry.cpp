// The definitions service's own caches (no reference counterpart: the reference compiles its
// queries and parses its files again on every call): the language registry's compiled queries
// and parser pool, and the tree cache's lookups, as language_registry.h and tree_cache.h define.

#include <QTest>

#include <string>
#include <string_view>

#include <tree_sitter/api.h>

#include "grammar_registry.h"
#include "language_registry.h"
#include "language_table.h"
#include "syntax_tree.h"
#include "tree_cache.h"

using namespace lapce_ai;
using namespace lapce_ai::treesitter;

namespace {

LanguageSpec typescript_spec() {
    const std::optional<LanguageSpec> spec = language_for_extension("ts");
    if (!spec) qFatal("no language for .ts");
    return *spec;
}

TreePtr parse(LanguageRegistry& registry, const TSLanguage* language, std::string_view text) {
    const ParserLease parser = registry.acquire_parser(language);
    return TreePtr(ts_parser_parse_string(parser.get(), nullptr, text.data(),
                                          static_cast<uint32_t>(text.size())));
}

}  // namespace

class TestLanguageRegistry : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void an_unknown_grammar_fails_and_the_failure_is_remembered() {
        LanguageRegistry registry;
        const LanguageSpec spec{"nope", "nope", "typescript"};
        const auto first = registry.load(spec);
        QVERIFY(!first);
        QCOMPARE(first.error(), std::string("no tree-sitter grammar named \"nope\""));
        const auto again = registry.load(spec);
        QVERIFY(!again);
        QCOMPARE(again.error(), first.error());
        QCOMPARE(registry.stats().queries_compiled, std::size_t{0});
    }

    void a_query_is_compiled_once_and_shared() {
        LanguageRegistry registry;
        const auto first = registry.load(typescript_spec());
        QVERIFY2(first, first ? "" : first.error().c_str());
        QCOMPARE(first->language, load_grammar("typescript").language);
        const auto again = registry.load(typescript_spec());
        QVERIFY(again);
        QCOMPARE(again->query.get(), first->query.get());
        QCOMPARE(registry.stats().queries_compiled, std::size_t{1});
    }

    void a_moved_lease_returns_its_parser_once() {
        LanguageRegistry registry;
        const TSLanguage* language = load_grammar("typescript").language;
        {
            ParserLease lease = registry.acquire_parser(language);
            TSParser* parser = lease.get();
            QVERIFY(parser);
            QCOMPARE(ts_parser_language(parser), language);
            const ParserLease moved(std::move(lease));
            QCOMPARE(moved.get(), parser);
        }
        QCOMPARE(registry.stats().idle_parsers, std::size_t{1});
    }

    void at_most_two_idle_parsers_are_kept_per_language() {
        LanguageRegistry registry;
        const TSLanguage* language = load_grammar("typescript").language;
        {
            const ParserLease a = registry.acquire_parser(language);
            const ParserLease b = registry.acquire_parser(language);
            const ParserLease c = registry.acquire_parser(language);
            QVERIFY(a.get() != b.get() && b.get() != c.get() && a.get() != c.get());
            QCOMPARE(registry.stats().idle_parsers, std::size_t{0});
        }
        QCOMPARE(registry.stats().idle_parsers, std::size_t{2});
        const ParserLease reused = registry.acquire_parser(language);
        QCOMPARE(registry.stats().idle_parsers, std::size_t{1});
        QCOMPARE(ts_parser_language(reused.get()), language);
    }

    void an_erased_path_is_no_longer_found_and_clear_forgets_every_path() {
        LanguageRegistry registry;
        const TSLanguage* language = load_grammar("typescript").language;
        const std::string a_text = "class A {}\n";
        const std::string b_text = "let b = 1;\n";
        const TreePtr a_tree = parse(registry, language, a_text);
        const TreePtr b_tree = parse(registry, language, b_text);
        QVERIFY(a_tree && b_tree);
        const FileStamp a_stamp{a_text.size(), 1, 10};
        const FileStamp b_stamp{b_text.size(), 2, 20};

        TreeCache cache(64u << 20);
        cache.insert("/a.ts", a_stamp, 1, language, a_tree.get());
        cache.insert("/b.ts", b_stamp, 2, language, b_tree.get());
        QCOMPARE(cache.stats().entries, std::size_t{2});

        const TreePtr found = cache.find("/a.ts", a_stamp, 1, language);
        QVERIFY(found);
        QCOMPARE(ts_node_end_byte(ts_tree_root_node(found.get())),
                 static_cast<uint32_t>(a_text.size()));

        cache.erase("/a.ts");
        QVERIFY(!cache.find("/a.ts", a_stamp, 1, language));
        QVERIFY(cache.find("/b.ts", b_stamp, 2, language));
        QCOMPARE(cache.stats().entries, std::size_t{1});

        cache.clear();
        QVERIFY(!cache.find("/b.ts", b_stamp, 2, language));
        const TreeCache::Stats stats = cache.stats();
        QCOMPARE(stats.entries, std::size_t{0});
        QCOMPARE(stats.bytes, std::size_t{0});
        QCOMPARE(stats.hits, std::uint64_t{2});
        QCOMPARE(stats.misses, std::uint64_t{2});
        QCOMPARE(stats.hit_rate(), 0.5);
    }
};

QTEST_APPLESS_MAIN(TestLanguageRegistry)
#include "test_language_registry.moc"
