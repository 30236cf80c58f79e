// The JavaScript and Node behaviours the custom instructions copy: formatLanguage,
// String.replace's "$" patterns, UTF-8 decoding, trim, path handling and the rule-folder walk.

#include <sys/stat.h>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <filesystem>
#include <thread>

#include "instructions/custom_system_prompt.h"
#include "instructions/language.h"
#include "instructions/rule_directory.h"
#include "instructions/rule_file_reader.h"
#include "js_string.h"
#include "node_path.h"
#include "test_files.h"

using lapce_ai::testing::write_test_file;
using namespace lapce_ai::prompts;

namespace {

void link(const QString& target, const QString& at) {
    std::filesystem::create_symlink(target.toStdString(), at.toStdString());
}

std::vector<std::string> filenames(const std::vector<RuleFile>& files, const QString& root) {
    std::vector<std::string> names;
    for (const RuleFile& file : files) {
        names.push_back(file.filename.substr(root.toStdString().size() + 1));
    }
    return names;
}

}  // namespace

class TestInstructionsText : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void format_language_upper_cases_the_region_and_falls_back_to_en();
    void language_names_come_from_the_table();
    void interpolation_expands_dollar_patterns_like_string_replace();
    void interpolation_replaces_in_variable_order_and_skips_unset_ones();
    void invalid_utf8_becomes_replacement_characters();
    void js_trim_strips_unicode_whitespace_and_the_bom();
    void node_paths_are_lexical();
    void rule_files_sort_in_icu_order_of_the_lower_cased_name();
    void cache_and_system_files_are_left_out();
    void symlinks_are_followed_to_a_limited_depth_and_printed_lexically();
    void missing_and_directory_paths_read_as_absent();
    void fifos_and_devices_are_read_to_their_end();
};

void TestInstructionsText::format_language_upper_cases_the_region_and_falls_back_to_en() {
    QCOMPARE(format_language("pt-br"), std::string("pt-BR"));
    QCOMPARE(format_language("zh-tw"), std::string("zh-TW"));
    QCOMPARE(format_language("fr"), std::string("fr"));
    QCOMPARE(format_language(""), std::string("en"));
    QCOMPARE(format_language("en-us"), std::string("en"));  // "en-US" is not supported
    QCOMPARE(format_language("sv"), std::string("en"));
    QCOMPARE(format_language("zh-cn-"), std::string("en"));
    QCOMPARE(format_language("PT-br"), std::string("en"));  // only the region changes
}

void TestInstructionsText::language_names_come_from_the_table() {
    QCOMPARE(language_name("fr").value_or(""), std::string("Français"));
    QCOMPARE(language_name("zh-CN").value_or(""), std::string("简体中文"));
    QVERIFY(!language_name("zh-cn"));
    QVERIFY(is_language("pt-BR"));
    QVERIFY(!is_language("xx"));
}

void TestInstructionsText::interpolation_expands_dollar_patterns_like_string_replace() {
    PromptVariables variables;
    variables.shell = "[$&|$$|$`|$'|$1|$<n>|$]";
    QCOMPARE(interpolate_prompt_content("a{{shell}}b", variables),
             std::string("a[{{shell}}|$|a|b|$1|$<n>|$]b"));
    variables.shell = "x";
    QCOMPARE(interpolate_prompt_content("{{shell}}{{shell}} {{shell}", variables),
             std::string("xx {{shell}"));
}

void TestInstructionsText::interpolation_replaces_in_variable_order_and_skips_unset_ones() {
    PromptVariables variables;
    variables.workspace = "{{mode}}";  // replaced before {{mode}} is, so its text is expanded too
    variables.mode = "code";
    variables.language = "";
    QCOMPARE(
        interpolate_prompt_content("{{workspace}} {{language}}|{{operatingSystem}}", variables),
        std::string("code |{{operatingSystem}}"));
}

void TestInstructionsText::invalid_utf8_becomes_replacement_characters() {
    const std::string r = "\xEF\xBF\xBD";
    QCOMPARE(decode_utf8_lossy("ok \xC3\xA9"), std::string("ok \xC3\xA9"));
    QCOMPARE(decode_utf8_lossy("\xFF"), r);
    QCOMPARE(decode_utf8_lossy("\xE2\x82"), r);  // truncated: one replacement
    QCOMPARE(decode_utf8_lossy("\xE2\x82x"), r + "x");
    QCOMPARE(decode_utf8_lossy("\xED\xA0\x80"), r + r + r);  // a surrogate: byte by byte
    QCOMPARE(decode_utf8_lossy("\xC0\xAF"), r + r);          // overlong
    QCOMPARE(decode_utf8_lossy("\xF4\x90\x80\x80"), r + r + r + r);
    QCOMPARE(decode_utf8_lossy("\xEF\xBB\xBF"
                               "bom"),
             std::string("\xEF\xBB\xBF"
                         "bom"));
}

void TestInstructionsText::js_trim_strips_unicode_whitespace_and_the_bom() {
    QCOMPARE(js_trim(" \t\n\r\v\f x y \n"), std::string_view("x y"));
    QCOMPARE(js_trim("\xEF\xBB\xBF"
                     "text\xC2\xA0\xE3\x80\x80\xE2\x80\xA8"),
             std::string_view("text"));
    QCOMPARE(js_trim("\xE2\x80\x8B"
                     "zero width"),
             std::string_view("\xE2\x80\x8B"
                              "zero width"));
    QCOMPARE(js_trim("  "), std::string_view(""));
}

void TestInstructionsText::node_paths_are_lexical() {
    QCOMPARE(node_path::join({"/a/b/", ".roo"}), std::string("/a/b/.roo"));
    QCOMPARE(node_path::join({"", ".roo"}), std::string(".roo"));
    QCOMPARE(node_path::normalize("a/../../b/./c/"), std::string("../b/c/"));
    QCOMPARE(node_path::resolve({"/a/b/link", "../../c/d"}), std::string("/a/c/d"));
    QCOMPARE(node_path::resolve({"/a", "/x/../y/"}), std::string("/y"));
    QCOMPARE(node_path::dirname("/a/b/c"), std::string("/a/b"));
    QCOMPARE(node_path::dirname("/a"), std::string("/"));
    QCOMPARE(node_path::basename("/a/b.md/"), std::string("b.md"));
}

void TestInstructionsText::rule_files_sort_in_icu_order_of_the_lower_cased_name() {
    QTemporaryDir dir;
    for (const char* name : {"b.md", "a_b.md", "ab.md", "a-b.md", "9.md", "A.md", "10.md", "a.b.md",
                             "\xC3\xA9.md", "f.md"}) {
        write_test_file(dir.filePath(QString::fromUtf8(name)), name);
    }
    const std::vector<std::string> expected = {"10.md", "9.md",  "a_b.md", "a-b.md",      "a.b.md",
                                               "A.md",  "ab.md", "b.md",   "\xC3\xA9.md", "f.md"};
    QCOMPARE(filenames(read_text_files_from_directory(dir.path().toStdString()), dir.path()),
             expected);
}

void TestInstructionsText::cache_and_system_files_are_left_out() {
    QTemporaryDir dir;
    for (const char* name : {"keep.md", ".DS_Store", "x.log", "y.tmp", "Thumbs.db", "a.swp",
                             "notes.md.bak", "keep.lock.md", ".hidden"}) {
        write_test_file(dir.filePath(QString::fromLatin1(name)), "x");
    }
    const std::vector<std::string> expected = {".hidden", "keep.lock.md", "keep.md"};
    QCOMPARE(filenames(read_text_files_from_directory(dir.path().toStdString()), dir.path()),
             expected);
}

void TestInstructionsText::symlinks_are_followed_to_a_limited_depth_and_printed_lexically() {
    QTemporaryDir temp;
    const QString root = QFileInfo(temp.path()).canonicalFilePath();
    write_test_file(root + QStringLiteral("/shared/one.md"), "one");
    write_test_file(root + QStringLiteral("/shared/two/two.md"), "two");
    write_test_file(root + QStringLiteral("/rules/local.md"), "local");
    link(QStringLiteral("../shared"), root + QStringLiteral("/rules/linked"));
    link(QStringLiteral("../shared/one.md"), root + QStringLiteral("/rules/z-link.md"));
    link(QStringLiteral("z-link.md"), root + QStringLiteral("/rules/chain.md"));
    link(QStringLiteral("missing.md"), root + QStringLiteral("/rules/dangling.md"));
    // A cycle: shared/two/up -> shared, reached again and again until the depth limit.
    link(QStringLiteral(".."), root + QStringLiteral("/shared/two/up"));

    const auto files =
        read_text_files_from_directory((root + QStringLiteral("/rules")).toStdString());
    // Files below a linked folder print the link's target path, not the link's; the cycle
    // repeats shared/ until the depth limit (in the reference's order, checked with Node 20).
    const std::vector<std::string> expected = {
        "rules/z-link.md",  // chain.md prints the path its link names: the next link
        "rules/local.md",    "shared/one.md",     "shared/one.md",
        "shared/two/two.md", "shared/two/two.md", "shared/one.md",  // the last is z-link.md
    };
    QCOMPARE(filenames(files, root), expected);
}

void TestInstructionsText::missing_and_directory_paths_read_as_absent() {
    QTemporaryDir dir;
    auto missing = read_rule_file(dir.filePath(QStringLiteral("nope")).toStdString());
    QVERIFY(missing);
    QVERIFY(!missing->has_value());
    auto folder = read_rule_file(dir.path().toStdString());
    QVERIFY(folder);
    QVERIFY(!folder->has_value());
    write_test_file(dir.filePath(QStringLiteral("f")),
                    "\xEF\xBB\xBF"
                    "a\xFF");
    auto text = read_rule_file(dir.filePath(QStringLiteral("f")).toStdString());
    QVERIFY(text && text->has_value());
    QCOMPARE(**text, std::string("\xEF\xBB\xBF"
                                 "a\xEF\xBF\xBD"));

    // The directory listing's read: only regular files, any failure drops the file.
    QCOMPARE(read_regular_rule_file(dir.filePath(QStringLiteral("f")).toStdString()),
             std::optional<std::string>("\xEF\xBB\xBF"
                                        "a\xEF\xBF\xBD"));
    QCOMPARE(read_regular_rule_file(dir.path().toStdString()), std::nullopt);
    QCOMPARE(read_regular_rule_file(dir.filePath(QStringLiteral("nope")).toStdString()),
             std::nullopt);
    QCOMPARE(read_regular_rule_file(dir.filePath(QStringLiteral("f/below")).toStdString()),
             std::nullopt);
}

void TestInstructionsText::fifos_and_devices_are_read_to_their_end() {
    // fs.readFile reads what is not a regular file to its end, uncached.
    QTemporaryDir dir;
    const std::string fifo = dir.filePath(QStringLiteral(".roorules")).toStdString();
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    std::thread writer([&fifo] {
        if (std::FILE* pipe = std::fopen(fifo.c_str(), "wb")) {
            std::fputs("from a pipe\xFF", pipe);
            std::fclose(pipe);
        }
    });
    auto piped = read_rule_file(fifo);
    writer.join();
    QVERIFY(piped && piped->has_value());
    QCOMPARE(**piped, std::string("from a pipe\xEF\xBF\xBD"));

    auto device = read_rule_file("/dev/null");
    QVERIFY(device && device->has_value());
    QCOMPARE(**device, std::string());
}

QTEST_GUILESS_MAIN(TestInstructionsText)
#include "test_instructions_text.moc"
