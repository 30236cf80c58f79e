// RooIgnoreController: .rooignore rules for file access, commands and path lists, reloaded when
// the file changes.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <string>

#include "roo_ignore_controller.h"
#include "test_files.h"

using lapce_ai::ignore::RooIgnoreController;
using lapce_ai::testing::write_test_file;

namespace {

std::string path_in(const QTemporaryDir& dir, const char* relative) {
    return QDir(dir.path()).filePath(QString::fromUtf8(relative)).toStdString();
}

}  // namespace

class TestRooIgnoreController : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void without_rooignore_everything_is_allowed() {
        QTemporaryDir dir;
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QVERIFY(!controller.roo_ignore_content());
        QVERIFY(controller.validate_access("secret/a.txt"));
        QVERIFY(!controller.validate_command("cat secret/a.txt"));
        QVERIFY(!controller.get_instructions());
        const std::vector<std::string> paths{"a", "b/c"};
        QCOMPARE(controller.filter_paths(paths), paths);
    }

    void ignored_paths_are_refused_relative_or_absolute() {
        QTemporaryDir dir;
        write_test_file(dir.filePath(QStringLiteral(".rooignore")), "secret/\n*.env\n!keep.env\n");
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QVERIFY(!controller.validate_access("secret/a.txt"));
        QVERIFY(!controller.validate_access(path_in(dir, "secret/deep/b.txt")));
        QVERIFY(!controller.validate_access("config/.ENV"));  // node-ignore ignores case
        QVERIFY(controller.validate_access("keep.env"));
        QVERIFY(controller.validate_access("src/main.ts"));
        QVERIFY(controller.validate_access("secret"));  // a file named so, not the directory
        QVERIFY(!controller.validate_access(".rooignore"));
    }

    void paths_outside_cwd_and_cwd_itself_are_allowed() {
        QTemporaryDir dir;
        write_test_file(dir.filePath(QStringLiteral(".rooignore")), "*\n");
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QVERIFY(!controller.validate_access("anything"));
        QVERIFY(controller.validate_access("../outside.txt"));
        QVERIFY(controller.validate_access("/etc/hostname"));
        QVERIFY(controller.validate_access("."));
        QVERIFY(controller.validate_access(""));
    }

    void symlinks_are_checked_where_they_point() {
        QTemporaryDir dir;
        QTemporaryDir outside;
        write_test_file(dir.filePath(QStringLiteral(".rooignore")), "secret/\n");
        write_test_file(dir.filePath(QStringLiteral("secret/real.txt")), "x");
        write_test_file(outside.filePath(QStringLiteral("secret/other.txt")), "x");
        namespace fs = std::filesystem;
        fs::create_symlink(path_in(dir, "secret/real.txt"), path_in(dir, "public.txt"));
        fs::create_symlink(path_in(outside, "secret/other.txt"), path_in(dir, "elsewhere.txt"));
        fs::create_symlink(path_in(dir, "secret/missing.txt"), path_in(dir, "dangling.txt"));
        fs::create_symlink(path_in(dir, "public.txt"), path_in(dir, "secret-alias.txt"));
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QVERIFY(!controller.validate_access("public.txt"));
        QVERIFY(!controller.validate_access("secret-alias.txt"));
        QVERIFY(controller.validate_access("elsewhere.txt"));  // resolves outside cwd
        QVERIFY(controller.validate_access("dangling.txt"));   // unresolved: its own path
    }

    void file_reading_commands_name_the_refused_argument() {
        QTemporaryDir dir;
        write_test_file(dir.filePath(QStringLiteral(".rooignore")), "secret/\n");
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QCOMPARE(controller.validate_command("cat secret/a.txt"), std::string("secret/a.txt"));
        QCOMPARE(controller.validate_command("  CAT\t-n  src/ok.ts secret/b  "),
                 std::string("secret/b"));
        QCOMPARE(controller.validate_command("Get-Content secret/c"), std::string("secret/c"));
        QCOMPARE(controller.validate_command("AW\u212A x secret/k"), std::string("secret/k"));
        QVERIFY(!controller.validate_command("ls secret/a.txt"));
        QVERIFY(!controller.validate_command("grep -r secret src/"));
        QVERIFY(!controller.validate_command("type /secret/x"));
        QVERIFY(!controller.validate_command("gc -Path:secret/x"));
        QVERIFY(!controller.validate_command(""));
    }

    void filter_paths_keeps_the_allowed_ones_in_order() {
        QTemporaryDir dir;
        write_test_file(dir.filePath(QStringLiteral(".rooignore")), "*.log\n");
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QCOMPARE(controller.filter_paths({"b.ts", "x.log", "a.ts", "logs/y.LOG", "../z.log"}),
                 (std::vector<std::string>{"b.ts", "a.ts", "../z.log"}));
    }

    void instructions_quote_the_file() {
        QTemporaryDir dir;
        write_test_file(dir.filePath(QStringLiteral(".rooignore")), "node_modules/\n.env\n");
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QCOMPARE(controller.roo_ignore_content(), std::string("node_modules/\n.env\n"));
        QCOMPARE(controller.get_instructions(),
                 std::string("# .rooignore\n\n(The following is provided by a root-level "
                             ".rooignore file where the user has specified files and directories "
                             "that should not be accessed. When using list_files, you'll notice "
                             "a \xF0\x9F\x94\x92 next to files that are blocked. Attempting to "
                             "access the file's contents e.g. through read_file will result in "
                             "an error.)\n\nnode_modules/\n.env\n\n.rooignore"));
    }

    void an_empty_rooignore_allows_everything() {
        QTemporaryDir dir;
        write_test_file(dir.filePath(QStringLiteral(".rooignore")), "");
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QCOMPARE(controller.roo_ignore_content(), std::string());
        QVERIFY(controller.validate_access(".rooignore"));
        QVERIFY(!controller.get_instructions());
    }

    void invalid_utf8_reads_as_replacement_characters() {
        QTemporaryDir dir;
        write_test_file(dir.filePath(QStringLiteral(".rooignore")), "caf\xE9\n");
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QCOMPARE(controller.roo_ignore_content(), std::string("caf\xEF\xBF\xBD\n"));
        QVERIFY(!controller.validate_access("caf\xEF\xBF\xBD"));
    }

    void changes_to_rooignore_apply_to_the_next_call() {
        QTemporaryDir dir;
        const QString rooignore = dir.filePath(QStringLiteral(".rooignore"));
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QVERIFY(controller.validate_access("a.txt"));

        write_test_file(rooignore, "a.txt\n");
        QVERIFY(!controller.validate_access("a.txt"));
        QVERIFY(controller.validate_access("b.txt"));

        write_test_file(rooignore, "b.txt\n");
        QVERIFY(controller.validate_access("a.txt"));
        QVERIFY(!controller.validate_access("b.txt"));

        QVERIFY(QFile::remove(rooignore));
        QVERIFY(controller.validate_access("b.txt"));
        QVERIFY(!controller.roo_ignore_content());
    }

    void an_unreadable_rooignore_keeps_its_last_text_without_rules() {
        QTemporaryDir dir;
        const QString rooignore = dir.filePath(QStringLiteral(".rooignore"));
        write_test_file(rooignore, "a.txt\n");
        RooIgnoreController controller(dir.path().toStdString());
        controller.initialize();
        QVERIFY(!controller.validate_access("a.txt"));

        // fs.access finds it, fs.readFile fails: the reference's catch keeps the old text.
        QVERIFY(QFile::remove(rooignore));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral(".rooignore")));
        QVERIFY(controller.validate_access("a.txt"));
        QCOMPARE(controller.roo_ignore_content(), std::string("a.txt\n"));
    }
};

QTEST_APPLESS_MAIN(TestRooIgnoreController)
#include "test_roo_ignore_controller.moc"
