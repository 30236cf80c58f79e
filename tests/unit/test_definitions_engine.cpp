// The definitions service's own behaviour around the reference's functions: cached trees,
// the editor's edits re-parsed incrementally, time limits, .rooignore, and hostile files.

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <random>

#include "definitions.h"
#include "definitions_handlers.h"
#include "file_reader.h"
#include "roo_ignore_controller.h"
#include "test_files.h"

using lapce_ai::testing::write_test_file;
using namespace lapce_ai;
using namespace lapce_ai::treesitter;

namespace {

// A TypeScript file with `count` classes of five lines each.
std::string typescript_classes(int count, const std::string& prefix = "Widget") {
    std::string text;
    for (int i = 0; i < count; ++i) {
        text += "export class " + prefix + std::to_string(i) + " {\n  constructor() {\n" +
                "    this.value = " + std::to_string(i) + ";\n  }\n}\n";
    }
    return text;
}

void write(const std::string& path, const std::string& text) {
    write_test_file(QString::fromStdString(path), QByteArray::fromStdString(text));
}

// An LSP edit applied to ASCII text (where UTF-16 units are bytes).
void apply_edit(std::string& text, const TextEdit& edit) {
    const auto offset = [&text](const TextPosition& position) {
        std::size_t at = 0;
        for (std::uint32_t line = 0; line < position.line; ++line) at = text.find('\n', at) + 1;
        return at + position.character;
    };
    const std::size_t start = offset(edit.start);
    text.replace(start, offset(edit.end) - start, edit.new_text);
}

std::string definitions_of(DefinitionsEngine& engine, const std::string& path,
                           ignore::RooIgnoreController* controller = nullptr) {
    auto result = parse_source_code_definitions_for_file(engine, path, controller);
    if (!result) return "<error: " + result.error().message + ">";
    return result->value_or("<undefined>");
}

}  // namespace

class TestDefinitionsEngine : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void a_second_call_reuses_the_cached_tree();
    void tree_cache_figures_fill_the_metrics_message();
    void a_changed_file_is_parsed_again();
    void edits_then_save_give_the_same_definitions_as_a_cold_parse();
    void edits_outside_the_document_are_rejected_and_change_nothing();
    void unsaved_edits_do_not_change_the_definitions_of_the_file_on_disk();
    void a_parse_past_its_time_limit_is_a_stopped_error();
    void a_raised_cancel_flag_stops_the_parse();
    void binary_garbage_gives_a_result_without_crashing();
    void rooignore_hides_files_from_both_functions();
    void markdown_sections_run_to_the_next_heading_of_any_level();
    void a_directory_named_like_a_source_file_rejects_with_nodes_eisdir();
    void a_listed_source_directory_rejects_the_whole_listing_with_nodes_eisdir();
    void an_unreadable_markdown_entry_is_skipped_and_the_rest_still_listed();

  private:
    QTemporaryDir dir_;
    std::string path(const QString& name) const { return dir_.filePath(name).toStdString(); }
};

void TestDefinitionsEngine::a_second_call_reuses_the_cached_tree() {
    const std::string file = path(QStringLiteral("cached/a.ts"));
    write(file, typescript_classes(3));
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    const std::string first = definitions_of(engine, file);
    QVERIFY2(first.starts_with("# a.ts\n1--5 | export class Widget0 {\n"), first.c_str());
    QCOMPARE(engine.trees().stats().hits, 0u);
    QCOMPARE(engine.trees().stats().hit_rate(), 0.0);
    QCOMPARE(definitions_of(engine, file), first);
    const TreeCache::Stats stats = engine.trees().stats();
    QCOMPARE(stats.hits, 1u);
    QCOMPARE(stats.misses, 1u);
    QCOMPARE(stats.hit_rate(), 0.5);
    QCOMPARE(stats.entries, std::size_t{1});
    QVERIFY(stats.bytes > file.size());  // the tree, keyed by its path
}

void TestDefinitionsEngine::tree_cache_figures_fill_the_metrics_message() {
    TreeCache::Stats stats;
    stats.hits = 3;
    stats.misses = 1;
    stats.entries = 2;
    stats.bytes = 4096;
    lapce_ai::ipc::proto::TreeCacheMetrics metrics;
    lapce_ai::ipc::fill_tree_cache_metrics(stats, metrics);
    QCOMPARE(metrics.hits(), 3u);
    QCOMPARE(metrics.misses(), 1u);
    QCOMPARE(metrics.entries(), 2u);
    QCOMPARE(metrics.bytes(), 4096u);
    QCOMPARE(metrics.hit_rate(), 0.75);
}

void TestDefinitionsEngine::a_changed_file_is_parsed_again() {
    const std::string file = path(QStringLiteral("changed/a.ts"));
    write(file, typescript_classes(2));
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    QVERIFY(definitions_of(engine, file).find("Widget1") != std::string::npos);
    write(file, typescript_classes(2, "Gadget"));
    const std::string after = definitions_of(engine, file);
    QVERIFY2(after.find("Gadget1") != std::string::npos, after.c_str());
    QVERIFY(after.find("Widget") == std::string::npos);
}

void TestDefinitionsEngine::edits_then_save_give_the_same_definitions_as_a_cold_parse() {
    const std::string file = path(QStringLiteral("edited/big.ts"));
    std::string text = typescript_classes(4000);  // 20000 lines, ~300 KB
    write(file, text);
    FileReader reader(64 << 20);
    DefinitionsOptions options;
    options.tree_cache_budget = 64 << 20;  // keeps this file's tree for the document to start from
    DefinitionsEngine engine(reader, options);
    QVERIFY(!definitions_of(engine, file).starts_with("<"));

    const std::vector<TextEdit> edits = {
        {{10000, 0}, {10000, 0}, "class Inserted {\n  a() {\n    return 1;\n  }\n}\n"},
        {{0, 13}, {0, 20}, "Renamed"},
        {{20000, 0}, {20005, 0}, ""},
        {{15002, 4}, {15002, 4}, "// ü€𝄞 multi-unit characters\n    "},
    };
    QVERIFY(did_change(engine, file, edits));
    for (const TextEdit& edit : edits) apply_edit(text, edit);
    write(file, text);  // the editor saves

    const std::string incremental = definitions_of(engine, file);
    QCOMPARE(engine.documents().stats().incremental_parses, 1u);
    FileReader cold_reader(64 << 20);
    DefinitionsEngine cold(cold_reader);
    QCOMPARE(incremental, definitions_of(cold, file));
    QVERIFY(incremental.find("| export class Renamed {") != std::string::npos);
    QVERIFY(incremental.find("| class Inserted {") != std::string::npos);
    QVERIFY(did_close(engine, file));
    QVERIFY(!did_close(engine, file));
}

void TestDefinitionsEngine::edits_outside_the_document_are_rejected_and_change_nothing() {
    const std::string file = path(QStringLiteral("bad-edit/a.ts"));
    const std::string text = typescript_classes(2);
    write(file, text);
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    const std::vector<TextEdit> edits = {
        {{0, 0}, {0, 0}, "// fine\n"},
        {{99, 0}, {99, 1}, "x"},
    };
    const auto applied = did_change(engine, file, edits);
    QVERIFY(!applied);
    QVERIFY2(applied.error().find("edit 1") != std::string::npos, applied.error().c_str());
    // The document still has the file's text, so its definitions come from the same tree.
    const std::vector<TextEdit> none;
    QVERIFY(did_change(engine, file, none));
    QCOMPARE(definitions_of(engine, file).substr(0, 40),
             std::string("# a.ts\n1--5 | export class Widget0 {\n6--"));
}

void TestDefinitionsEngine::unsaved_edits_do_not_change_the_definitions_of_the_file_on_disk() {
    const std::string file = path(QStringLiteral("unsaved/a.ts"));
    write(file, typescript_classes(2));
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    const std::string before = definitions_of(engine, file);
    const std::vector<TextEdit> edits = {{{0, 0}, {0, 0}, typescript_classes(1, "Unsaved")}};
    QVERIFY(did_change(engine, file, edits));
    // The reference reads the file; the editor's unsaved text is not what it sees.
    QCOMPARE(definitions_of(engine, file), before);
    QCOMPARE(engine.documents().stats().incremental_parses, 0u);
}

void TestDefinitionsEngine::a_parse_past_its_time_limit_is_a_stopped_error() {
    const std::string file = path(QStringLiteral("slow/huge.ts"));
    write(file, typescript_classes(60000));  // ~5 MB
    FileReader reader(64 << 20);
    DefinitionsOptions options;
    options.file_timeout = std::chrono::milliseconds(1);
    DefinitionsEngine engine(reader, options);
    const auto started = std::chrono::steady_clock::now();
    const auto result = parse_source_code_definitions_for_file(engine, file);
    QVERIFY(!result);
    QCOMPARE(result.error().kind, DefinitionError::Kind::Stopped);
    QVERIFY2(result.error().message.find("took longer than 1 ms") != std::string::npos,
             result.error().message.c_str());
    QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

void TestDefinitionsEngine::a_raised_cancel_flag_stops_the_parse() {
    const std::string file = path(QStringLiteral("cancel/a.ts"));
    write(file, typescript_classes(100));
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    const std::atomic<bool> cancelled{true};
    const auto result = parse_source_code_definitions_for_file(engine, file, nullptr, &cancelled);
    QVERIFY(!result);
    QCOMPARE(result.error().kind, DefinitionError::Kind::Stopped);
    QVERIFY(result.error().message.starts_with("cancelled"));
}

void TestDefinitionsEngine::binary_garbage_gives_a_result_without_crashing() {
    std::mt19937 random(42);
    std::string garbage(512 * 1024, '\0');
    for (char& byte : garbage) byte = static_cast<char>(random());
    FileReader reader(8 << 20);
    DefinitionsEngine engine(reader);
    for (const char* name : {"bin/a.js", "bin/a.py", "bin/a.rs", "bin/a.md", "bin/a.html"}) {
        const std::string file = path(QString::fromLatin1(name));
        write(file, garbage);
        const auto result = parse_source_code_definitions_for_file(engine, file);
        QVERIFY2(result || result.error().kind == DefinitionError::Kind::Stopped, name);
    }
}

void TestDefinitionsEngine::rooignore_hides_files_from_both_functions() {
    const std::string root = path(QStringLiteral("ignored"));
    write(root + "/.rooignore", "secret.ts\nprivate/\n");
    write(root + "/secret.ts", typescript_classes(1, "Secret"));
    write(root + "/open.ts", typescript_classes(1, "Open"));
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    ignore::RooIgnoreController controller(root);
    controller.initialize();
    QCOMPARE(definitions_of(engine, root + "/secret.ts", &controller), std::string("<undefined>"));
    QVERIFY(definitions_of(engine, root + "/open.ts", &controller).starts_with("# open.ts\n"));
    auto listing = parse_source_code_for_definitions_top_level(engine, root, &controller);
    QVERIFY(listing);
    QVERIFY2(listing->find("# open.ts\n") != std::string::npos, listing->c_str());
    QVERIFY(listing->find("Secret") == std::string::npos);
}

void TestDefinitionsEngine::markdown_sections_run_to_the_next_heading_of_any_level() {
    const std::string file = path(QStringLiteral("markdown/notes.md"));
    write(file, "# One\na\nb\nc\n### Three\nd\ne\nf\nSetext\n---\ng\nh\n###### Six\n");
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    QCOMPARE(definitions_of(engine, file),
             std::string("# notes.md\n1--4 | # One\n5--8 | ### Three\n9--12 | Setext\n"));
}

// fs.readFile on a directory rejects with "EISDIR: illegal operation on a directory, read"
// (checked with node); parseFile does not catch it, so the call rejects.
void TestDefinitionsEngine::a_directory_named_like_a_source_file_rejects_with_nodes_eisdir() {
    const std::string folder = path(QStringLiteral("eisdir/lib.ts"));
    QVERIFY(QDir().mkpath(QString::fromStdString(folder)));
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    auto result = parse_source_code_definitions_for_file(engine, folder);
    QVERIFY(!result);
    QCOMPARE(result.error().kind, DefinitionError::Kind::Thrown);
    QCOMPARE(result.error().message, std::string("EISDIR: illegal operation on a directory, read"));
}

// listFiles lists the directory "src.ts/"; its extname is ".ts", so parseFile reads it and
// parseSourceCodeForDefinitionsTopLevel rejects with the read's error.
void TestDefinitionsEngine::
    a_listed_source_directory_rejects_the_whole_listing_with_nodes_eisdir() {
    const std::string root = path(QStringLiteral("eisdir-top"));
    QVERIFY(QDir().mkpath(QString::fromStdString(root + "/src.ts")));
    write(root + "/real.ts", typescript_classes(2));
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    auto listing = parse_source_code_for_definitions_top_level(engine, root);
    QVERIFY(!listing);
    QCOMPARE(listing.error().kind, DefinitionError::Kind::Thrown);
    QCOMPARE(listing.error().message,
             std::string("EISDIR: illegal operation on a directory, read"));
}

// The markdown loop catches a failed read (console.log) and goes on with the next file.
void TestDefinitionsEngine::an_unreadable_markdown_entry_is_skipped_and_the_rest_still_listed() {
    const std::string root = path(QStringLiteral("markdown-top"));
    QVERIFY(QDir().mkpath(QString::fromStdString(root + "/notes.md")));
    FileReader reader(1 << 20);
    DefinitionsEngine engine(reader);
    const char* logged =
        "Error parsing markdown file: EISDIR: illegal operation on a directory, read";
    QTest::ignoreMessage(QtInfoMsg, logged);
    auto only_directory = parse_source_code_for_definitions_top_level(engine, root);
    QVERIFY(only_directory);
    QCOMPARE(*only_directory, std::string("No source code definitions found."));

    write(root + "/readme.md", "# One\na\nb\nc\n### Three\nd\ne\nf\n");
    const std::string single = definitions_of(engine, root + "/readme.md");
    QVERIFY2(single.starts_with("# readme.md\n1--4 | # One\n"), single.c_str());
    QTest::ignoreMessage(QtInfoMsg, logged);
    auto listing = parse_source_code_for_definitions_top_level(engine, root);
    QVERIFY(listing);
    QCOMPARE(*listing, single + "\n");
}

QTEST_GUILESS_MAIN(TestDefinitionsEngine)
#include "test_definitions_engine.moc"
