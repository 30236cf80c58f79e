// listFiles(dirPath, false, limit): the native stand-in for rg's top-level file list plus the
// filtered directories, sorted as the reference sorts them.

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <string>
#include <vector>

#include "golden_case.h"
#include "list_files.h"
#include "test_files.h"

using lapce_ai::glob::list_files;
using lapce_ai::glob::ListFilesEnvironment;
using lapce_ai::testing::write_test_file;

namespace {

// A home and an rg working directory that play no part in the listing.
const ListFilesEnvironment kEnvironment{"/nonexistent-home", "/nonexistent-cwd"};

void touch(const QTemporaryDir& dir, const QString& relative) {
    write_test_file(dir.filePath(relative), "x");
}

void make_dir(const QTemporaryDir& dir, const QString& relative) {
    QVERIFY(QDir(dir.path()).mkpath(relative));
}

// The listing with the directory's path taken off.
std::vector<std::string> names(const QTemporaryDir& dir, const std::vector<std::string>& paths) {
    const std::string prefix = dir.path().toStdString() + "/";
    std::vector<std::string> out;
    for (const std::string& path : paths)
        out.push_back(path.starts_with(prefix) ? path.substr(prefix.size()) : "!" + path);
    return out;
}

std::vector<std::string> listing(const QTemporaryDir& dir, std::size_t limit = 200,
                                 const ListFilesEnvironment& environment = kEnvironment) {
    return names(dir, list_files(dir.path().toStdString(), limit, environment).first);
}

}  // namespace

class TestListFiles : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void entries_sort_like_javascript_locale_compare() {
        QTemporaryDir dir;
        const char* files[] = {"beta9.go",
                               "Beta2.go",
                               "~tilde.go",
                               "a.b.go",
                               "alpha.go",
                               "_under.go",
                               "a-b.go",
                               "Alpha.go",
                               "0start.go",
                               "#hash.go",
                               "a_b.go",
                               "(paren).go",
                               "beta10.go",
                               "\xC3\xA9"
                               "clair.go"};
        for (const char* file : files) touch(dir, QString::fromUtf8(file));
        QCOMPARE(listing(dir),
                 (std::vector<std::string>{"_under.go", "(paren).go", "#hash.go", "~tilde.go",
                                           "0start.go", "a_b.go", "a-b.go", "a.b.go", "alpha.go",
                                           "Alpha.go", "beta10.go", "Beta2.go", "beta9.go",
                                           "\xC3\xA9"
                                           "clair.go"}));
    }

    void directories_come_first_with_a_trailing_slash() {
        QTemporaryDir dir;
        touch(dir, QStringLiteral("a.ts"));
        touch(dir, QStringLiteral("z/inner.ts"));
        touch(dir, QStringLiteral("B/inner.ts"));
        const auto [paths, limit_reached] = list_files(dir.path().toStdString(), 200, kEnvironment);
        QCOMPARE(names(dir, paths), (std::vector<std::string>{"B/", "z/", "a.ts"}));
        QVERIFY(!limit_reached);
        QVERIFY(paths.front().starts_with('/'));
    }

    void hidden_files_and_directories_are_listed_but_not_dot_git() {
        QTemporaryDir dir;
        touch(dir, QStringLiteral(".env"));
        touch(dir, QStringLiteral(".github/workflow.yml"));
        touch(dir, QStringLiteral(".git/HEAD"));
        touch(dir, QStringLiteral("visible.ts"));
        QCOMPARE(listing(dir), (std::vector<std::string>{".github/", ".env", "visible.ts"}));
    }

    void files_named_like_ignored_directories_are_dropped() {
        QTemporaryDir dir;
        for (const char* name : {"dist", "tmp", "node_modules", "out", "Pods", ".git", "Dist",
                                 "pods", "dist.ts", "target", "dependency"})
            touch(dir, QString::fromUtf8(name));
        QCOMPARE(listing(dir),
                 (std::vector<std::string>{"dependency", "Dist", "dist.ts", "pods", "target"}));
    }

    void ignored_directory_names_and_first_segments_are_excluded() {
        QTemporaryDir dir;
        for (const char* name : {"node_modules", "dist", "target", "build", "vendor", "env",
                                 "target2", "Build", "src", "pkg", "Pods", "temp"})
            make_dir(dir, QString::fromUtf8(name));
        QCOMPARE(listing(dir), (std::vector<std::string>{"Build/", "src/", "target2/"}));
    }

    void inside_a_hidden_directory_only_critical_directories_are_excluded() {
        QTemporaryDir root;
        for (const char* name : {".cfg/node_modules", ".cfg/.git", ".cfg/dist", ".cfg/target",
                                 ".cfg/venv", ".cfg/.cache"})
            make_dir(root, QString::fromUtf8(name));
        const std::string hidden = root.filePath(QStringLiteral(".cfg")).toStdString();
        const auto [paths, limit_reached] = list_files(hidden, 200, kEnvironment);
        std::vector<std::string> got;
        for (const std::string& path : paths) got.push_back(path.substr(hidden.size() + 1));
        QCOMPARE(got, (std::vector<std::string>{".cache/", "dist/", "target/"}));
    }

    void symlinks_to_files_are_files_and_symlinked_directories_are_left_out() {
        QTemporaryDir dir;
        QTemporaryDir outside;
        touch(outside, QStringLiteral("target.ts"));
        make_dir(outside, QStringLiteral("linked_dir"));
        touch(dir, QStringLiteral("real.ts"));
        namespace fs = std::filesystem;
        fs::create_symlink(outside.filePath(QStringLiteral("target.ts")).toStdString(),
                           dir.filePath(QStringLiteral("link.ts")).toStdString());
        fs::create_symlink(outside.filePath(QStringLiteral("linked_dir")).toStdString(),
                           dir.filePath(QStringLiteral("linked_dir")).toStdString());
        fs::create_symlink(dir.filePath(QStringLiteral("missing.ts")).toStdString(),
                           dir.filePath(QStringLiteral("broken.ts")).toStdString());
        QCOMPARE(listing(dir), (std::vector<std::string>{"link.ts", "real.ts"}));
    }

    void gitignore_hides_directories_but_not_files() {
        QTemporaryDir dir;
        write_test_file(dir.filePath(QStringLiteral(".gitignore")), "*.rs\ngenerated/\nlogs\n");
        touch(dir, QStringLiteral("ignored.rs"));
        touch(dir, QStringLiteral("generated/a.ts"));
        touch(dir, QStringLiteral("logs/a.log"));
        touch(dir, QStringLiteral("kept/a.ts"));
        touch(dir, QStringLiteral("sub.rs/a.ts"));
        QCOMPARE(listing(dir), (std::vector<std::string>{"kept/", ".gitignore", "ignored.rs"}));
    }

    void gitignore_files_of_parent_directories_apply() {
        QTemporaryDir root;
        write_test_file(root.filePath(QStringLiteral(".gitignore")), "cache/\n");
        write_test_file(root.filePath(QStringLiteral("project/.gitignore")), "!cache/\n");
        make_dir(root, QStringLiteral("project/cache"));
        make_dir(root, QStringLiteral("project/src"));
        make_dir(root, QStringLiteral("other/cache"));
        const std::string project = root.filePath(QStringLiteral("project")).toStdString();
        // the outermost file first: the project's negation wins
        auto [paths, reached] = list_files(project, 200, kEnvironment);
        QCOMPARE(paths, (std::vector<std::string>{project + "/cache/", project + "/src/",
                                                  project + "/.gitignore"}));
        const std::string other = root.filePath(QStringLiteral("other")).toStdString();
        QCOMPARE(list_files(other, 200, kEnvironment).first, std::vector<std::string>{});
    }

    void the_limit_counts_directories_after_files() {
        QTemporaryDir dir;
        for (int i = 0; i < 150; ++i)
            touch(dir, QStringLiteral("file%1.ts").arg(i, 3, 10, QLatin1Char('0')));
        for (int i = 0; i < 100; ++i)
            make_dir(dir, QStringLiteral("dir%1").arg(i, 3, 10, QLatin1Char('0')));
        const auto [paths, limit_reached] = list_files(dir.path().toStdString(), 200, kEnvironment);
        QVERIFY(limit_reached);
        const auto got = names(dir, paths);
        QCOMPARE(got.size(), std::size_t{200});
        // the first 50 directories in byte order, then every file
        QCOMPARE(got[0], std::string("dir000/"));
        QCOMPARE(got[49], std::string("dir049/"));
        QCOMPARE(got[50], std::string("file000.ts"));
        QCOMPARE(got[199], std::string("file149.ts"));
    }

    void more_files_than_the_limit_leave_no_room_for_directories() {
        QTemporaryDir dir;
        for (int i = 0; i < 12; ++i) touch(dir, QStringLiteral("f%1").arg(i));
        make_dir(dir, QStringLiteral("d"));
        const auto [paths, limit_reached] = list_files(dir.path().toStdString(), 10, kEnvironment);
        QCOMPARE(paths.size(), std::size_t{10});
        QVERIFY(limit_reached);
        for (const std::string& path : paths) QVERIFY(!path.ends_with('/'));
    }

    void exactly_limit_entries_count_as_reaching_it() {
        QTemporaryDir dir;
        touch(dir, QStringLiteral("a"));
        make_dir(dir, QStringLiteral("b"));
        QVERIFY(list_files(dir.path().toStdString(), 2, kEnvironment).second);
        QVERIFY(!list_files(dir.path().toStdString(), 3, kEnvironment).second);
    }

    void root_home_zero_limit_and_missing_directories() {
        QTemporaryDir dir;
        touch(dir, QStringLiteral("a.ts"));
        using Result = lapce_ai::glob::ListFilesResult;
        QCOMPARE(list_files("/", 200, kEnvironment), (Result{{"/"}, false}));
        const ListFilesEnvironment home{dir.path().toStdString(), "/nonexistent-cwd"};
        QCOMPARE(list_files(dir.path().toStdString() + "/", 200, home),
                 (Result{{dir.path().toStdString()}, false}));
        QCOMPARE(list_files(dir.path().toStdString(), 0, kEnvironment), (Result{{}, false}));
        QCOMPARE(
            list_files(dir.filePath(QStringLiteral("missing")).toStdString(), 200, kEnvironment),
            (Result{{}, false}));
    }

    void a_file_path_lists_that_file() {
        QTemporaryDir dir;
        touch(dir, QStringLiteral("only.ts"));
        const std::string file = dir.filePath(QStringLiteral("only.ts")).toStdString();
        QCOMPARE(list_files(file, 200, kEnvironment).first, std::vector<std::string>{file});
    }

    void ripgreps_rooted_globs_drop_files_under_an_ignored_directory_of_its_cwd() {
        QTemporaryDir root;
        touch(root, QStringLiteral("dist/project/a.ts"));
        make_dir(root, QStringLiteral("dist/project/sub"));
        const std::string project = root.filePath(QStringLiteral("dist/project")).toStdString();
        // rg sees dist/project/a.ts relative to its cwd, which `!dist/**` matches
        const ListFilesEnvironment inside{"/nonexistent-home", root.path().toStdString()};
        QCOMPARE(list_files(project, 200, inside).first,
                 std::vector<std::string>{project + "/sub/"});
        QCOMPARE(list_files(project, 200, kEnvironment).first,
                 (std::vector<std::string>{project + "/sub/", project + "/a.ts"}));
    }

    // corpus/_mixed*, _edge: the files the reference parsed, in the order of its headers, come
    // in the same order in the listing (the definitions feature keeps the first 50 files with a
    // listed extension, markdown first).
    void the_golden_corpus_lists_in_the_references_order_data() {
        QTest::addColumn<QString>("name");
        for (const char* name : {"_mixed", "_mixed_git", "_edge"}) QTest::newRow(name) << name;
    }
    void the_golden_corpus_lists_in_the_references_order() {
        QFETCH(QString, name);
        const QString root = lapce_ai::parity::golden_dir() + QStringLiteral("/treesitter");
        QFile expected(root + QStringLiteral("/dirs/") + name + QStringLiteral(".txt"));
        if (!expected.open(QIODevice::ReadOnly)) QSKIP("golden tree-sitter data not available");
        std::vector<std::string> headers;
        static const QRegularExpression header(QStringLiteral("^# (.+)$"),
                                               QRegularExpression::MultilineOption);
        for (auto it = header.globalMatch(QString::fromUtf8(expected.readAll())); it.hasNext();)
            headers.push_back(it.next().captured(1).toStdString());

        const std::string dir =
            QDir(root + QStringLiteral("/corpus/") + name).absolutePath().toStdString();
        const auto [paths, reached] = list_files(dir, 200, kEnvironment);
        static const std::vector<std::string> extensions = {
            ".tla",      ".js",   ".jsx", ".ts",  ".vue", ".tsx", ".py",   ".rs",    ".go",
            ".c",        ".h",    ".cpp", ".hpp", ".cs",  ".rb",  ".java", ".php",   ".swift",
            ".sol",      ".kt",   ".kts", ".ex",  ".exs", ".el",  ".html", ".htm",   ".md",
            ".markdown", ".json", ".css", ".rdl", ".ml",  ".mli", ".lua",  ".scala", ".toml",
            ".zig",      ".elm",  ".ejs", ".erb", ".vb"};
        std::vector<std::string> markdown, others;
        for (const std::string& path : paths) {
            if (path.ends_with('/')) continue;
            const std::string base = path.substr(dir.size() + 1);
            const std::size_t dot = base.rfind('.');
            if (dot == std::string::npos || dot == 0) continue;
            const std::string ext = base.substr(dot);
            if (std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) continue;
            if (markdown.size() + others.size() == 50) break;
            (ext == ".md" || ext == ".markdown" ? markdown : others).push_back(base);
        }
        std::vector<std::string> parsed = markdown;
        parsed.insert(parsed.end(), others.begin(), others.end());
        // every header names a parsed file, in order
        std::size_t at = 0;
        for (const std::string& file : headers) {
            while (at < parsed.size() && parsed[at] != file) ++at;
            QVERIFY2(at < parsed.size(), ("not parsed in order: " + file).c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestListFiles)
#include "test_list_files.moc"
