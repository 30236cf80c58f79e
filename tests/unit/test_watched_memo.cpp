// Texts kept while the change watcher vouches for what they were computed from: served again
// without being computed while nothing they read has changed, computed again after any change,
// and never kept when something was read that no watch covers.

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include "directory_cache.h"
#include "file_reader.h"
#include "test_files.h"
#include "watched_memo.h"

using lapce_ai::testing::write_test_file;
using namespace lapce_ai;

namespace {

namespace fs = std::filesystem;

// Watcher, caches and memo of one test, and a count of the computations the memo ran.
struct Caches {
    ChangeWatcher watcher;
    FileReader reader{1 << 20, &watcher};
    DirectoryCache directories{1024, &watcher};
    WatchedMemo memo{1 << 20, watcher};
    int computations = 0;

    std::string read(const QString& path) {
        auto file = reader.read(path.toStdString());
        return file ? std::string((*file)->bytes()) : "<missing>";
    }

    // The folder's files, each "name=contents;", computed through the memo.
    std::string folder(const QString& path) {
        return *memo.get(path.toStdString(), [&] {
            ++computations;
            std::string text;
            auto listing = directories.list(path.toStdString());
            if (!listing) return std::string("<no folder>");
            for (const DirectoryEntry& entry : (*listing)->entries) {
                text += entry.name + '=' +
                        read(path + QLatin1Char('/') + QString::fromStdString(entry.name)) + ';';
            }
            return text;
        });
    }
};

}  // namespace

class TestWatchedMemo : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void an_unchanged_text_is_served_without_computing_it();
    void an_edited_file_is_read_again();
    void added_and_removed_files_show_up();
    void a_missing_folder_is_kept_until_it_appears();
    void a_text_that_read_outside_the_caches_is_not_kept();
    void without_watches_nothing_is_kept();
    void a_kept_inner_text_vouches_for_the_outer_one();

  private:
    QTemporaryDir dir_;
};

void TestWatchedMemo::initTestCase() {
    if (!ChangeWatcher().enabled()) QSKIP("no change watcher on this platform");
    QVERIFY(dir_.isValid());
    if (fs::canonical(dir_.path().toStdString()).string() != dir_.path().toStdString()) {
        QSKIP("the temporary directory is reached through a symbolic link");
    }
}

void TestWatchedMemo::an_unchanged_text_is_served_without_computing_it() {
    Caches caches;
    const QString folder = dir_.filePath(QStringLiteral("unchanged"));
    write_test_file(folder + QStringLiteral("/a.md"), "alpha");
    write_test_file(folder + QStringLiteral("/b.md"), "beta");
    QCOMPARE(caches.folder(folder), std::string("a.md=alpha;b.md=beta;"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(caches.folder(folder), std::string("a.md=alpha;b.md=beta;"));
    QCOMPARE(caches.computations, 1);
    QCOMPARE(caches.memo.stats().hits, 3u);
}

void TestWatchedMemo::an_edited_file_is_read_again() {
    Caches caches;
    const QString folder = dir_.filePath(QStringLiteral("edited"));
    write_test_file(folder + QStringLiteral("/a.md"), "first");
    QCOMPARE(caches.folder(folder), std::string("a.md=first;"));
    write_test_file(folder + QStringLiteral("/a.md"), "second");
    QCOMPARE(caches.folder(folder), std::string("a.md=second;"));
    QCOMPARE(caches.computations, 2);
}

void TestWatchedMemo::added_and_removed_files_show_up() {
    Caches caches;
    const QString folder = dir_.filePath(QStringLiteral("listing"));
    write_test_file(folder + QStringLiteral("/a.md"), "a");
    QCOMPARE(caches.folder(folder), std::string("a.md=a;"));
    write_test_file(folder + QStringLiteral("/b.md"), "b");
    QCOMPARE(caches.folder(folder), std::string("a.md=a;b.md=b;"));
    QVERIFY(QFile::remove(folder + QStringLiteral("/a.md")));
    QCOMPARE(caches.folder(folder), std::string("b.md=b;"));
    QVERIFY(QFile::rename(folder + QStringLiteral("/b.md"), folder + QStringLiteral("/c.md")));
    QCOMPARE(caches.folder(folder), std::string("c.md=b;"));
    QCOMPARE(caches.computations, 4);
}

void TestWatchedMemo::a_missing_folder_is_kept_until_it_appears() {
    Caches caches;
    const QString folder = dir_.filePath(QStringLiteral("later"));
    QCOMPARE(caches.folder(folder), std::string("<no folder>"));
    QCOMPARE(caches.folder(folder), std::string("<no folder>"));
    QCOMPARE(caches.computations, 1);
    write_test_file(folder + QStringLiteral("/a.md"), "here");
    QCOMPARE(caches.folder(folder), std::string("a.md=here;"));
}

void TestWatchedMemo::a_text_that_read_outside_the_caches_is_not_kept() {
    Caches caches;
    const QString path = dir_.filePath(QStringLiteral("outside.md"));
    write_test_file(path, "one");
    const auto compute = [&] {
        ++caches.computations;
        const std::string text = caches.read(path);
        WatchedDependencies::record_untracked();  // e.g. a symbolic link read directly
        return text;
    };
    QCOMPARE(*caches.memo.get("outside", compute), std::string("one"));
    QCOMPARE(*caches.memo.get("outside", compute), std::string("one"));
    QCOMPARE(caches.computations, 2);
    QCOMPARE(caches.memo.stats().entries, 0u);
}

void TestWatchedMemo::without_watches_nothing_is_kept() {
    Caches caches;
    caches.watcher.fail_watches_for_testing(true);
    const QString folder = dir_.filePath(QStringLiteral("unwatched"));
    write_test_file(folder + QStringLiteral("/a.md"), "old");
    QCOMPARE(caches.folder(folder), std::string("a.md=old;"));
    QCOMPARE(caches.folder(folder), std::string("a.md=old;"));
    QCOMPARE(caches.computations, 2);
    QCOMPARE(caches.memo.stats().entries, 0u);
}

void TestWatchedMemo::a_kept_inner_text_vouches_for_the_outer_one() {
    Caches caches;
    WatchedMemo outer(1 << 20, caches.watcher);
    const QString inner_folder = dir_.filePath(QStringLiteral("inner"));
    const QString outer_file = dir_.filePath(QStringLiteral("outer.md"));
    write_test_file(inner_folder + QStringLiteral("/a.md"), "inner 1");
    write_test_file(outer_file, "outer");
    QCOMPARE(caches.folder(inner_folder), std::string("a.md=inner 1;"));  // kept by the inner memo
    int outer_computations = 0;
    const auto both = [&] {
        return *outer.get("both", [&] {
            ++outer_computations;
            return caches.folder(inner_folder) + '+' + caches.read(outer_file);
        });
    };
    QCOMPARE(both(), std::string("a.md=inner 1;+outer"));
    QCOMPARE(both(), std::string("a.md=inner 1;+outer"));
    QCOMPARE(outer_computations, 1);
    write_test_file(inner_folder + QStringLiteral("/a.md"), "inner 2");
    QCOMPARE(both(), std::string("a.md=inner 2;+outer"));
    QCOMPARE(outer_computations, 2);
}

QTEST_GUILESS_MAIN(TestWatchedMemo)
#include "test_watched_memo.moc"
