// Caches with a change watcher: entries are served without a stat until an event concerns them,
// and every change made before a lookup shows up in it.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "directory_cache.h"
#include "file_reader.h"
#include "test_files.h"

using lapce_ai::testing::write_test_file;
using namespace lapce_ai;

namespace {

namespace fs = std::filesystem;

std::string read_through(FileReader& reader, const QString& path) {
    auto file = reader.read(path.toStdString());
    return file ? std::string((*file)->bytes()) : "<error: " + file.error().message() + ">";
}

std::string names_in(DirectoryCache& cache, const QString& path) {
    auto listing = cache.list(path.toStdString());
    if (!listing) return "<error>";
    std::string text;
    for (const DirectoryEntry& entry : (*listing)->entries) text += entry.name + ' ';
    return text;
}

}  // namespace

class TestChangeWatcher : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void clean_entries_cost_no_stat();
    void a_batch_reads_events_once();
    void a_file_rewritten_with_its_old_time_is_read_again();
    void a_renamed_over_file_is_read_again();
    void a_file_below_a_renamed_directory_is_read_again();
    void a_missing_file_is_remembered_until_it_appears();
    void entries_added_to_or_removed_from_a_directory_show_up();
    void a_missing_directory_is_remembered_until_it_appears();
    void an_overflow_falls_back_to_the_stamp();
    void a_failed_watch_falls_back_to_the_stamp();
    void concurrent_readers_see_every_version_whole();

  private:
    QTemporaryDir dir_;
};

void TestChangeWatcher::initTestCase() {
    if (!ChangeWatcher().enabled()) QSKIP("no change watcher on this platform");
    // The temporary directory must be named by a path without symbolic links to be watched.
    dir_.setAutoRemove(true);
    QVERIFY(dir_.isValid());
    if (fs::canonical(dir_.path().toStdString()).string() != dir_.path().toStdString()) {
        QSKIP("the temporary directory is reached through a symbolic link");
    }
}

void TestChangeWatcher::clean_entries_cost_no_stat() {
    ChangeWatcher watcher;
    FileReader reader(1 << 20, &watcher);
    const QString path = dir_.filePath(QStringLiteral("clean.md"));
    write_test_file(path, "clean");
    QCOMPARE(read_through(reader, path), std::string("clean"));
    const auto stats = reader.stats().stats;
    const auto drains = watcher.stats().drains;
    for (int i = 0; i < 5; ++i) QCOMPARE(read_through(reader, path), std::string("clean"));
    QCOMPARE(reader.stats().stats, stats);
    QCOMPARE(reader.stats().hits, 5u);
    QVERIFY(watcher.stats().drains >= drains + 5);  // one read each, more if events were pending
}

void TestChangeWatcher::a_batch_reads_events_once() {
    ChangeWatcher watcher;
    FileReader reader(1 << 20, &watcher);
    DirectoryCache cache(1024, &watcher);
    const QString path = dir_.filePath(QStringLiteral("batch.md"));
    write_test_file(path, "batch");
    QCOMPARE(read_through(reader, path), std::string("batch"));
    QVERIFY(!names_in(cache, dir_.path()).empty());
    const auto stats = reader.stats().stats + cache.stats().stats;
    ChangeWatcher::Batch batch(watcher);
    const auto drains = watcher.stats().drains;
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(read_through(reader, path), std::string("batch"));
        QVERIFY(names_in(cache, dir_.path()).find("batch.md") != std::string::npos);
    }
    QCOMPARE(watcher.stats().drains, drains);
    QCOMPARE(reader.stats().stats + cache.stats().stats, stats);
}

void TestChangeWatcher::a_file_rewritten_with_its_old_time_is_read_again() {
    ChangeWatcher watcher;
    FileReader reader(1 << 20, &watcher);
    const QString path = dir_.filePath(QStringLiteral("rewritten.md"));
    const fs::path native(path.toStdString());
    write_test_file(path, "version 10");
    fs::last_write_time(native, fs::file_time_type::clock::now() - std::chrono::seconds(10));
    const fs::file_time_type modified = fs::last_write_time(native);
    QCOMPARE(read_through(reader, path), std::string("version 10"));
    QCOMPARE(read_through(reader, path), std::string("version 10"));
    QCOMPARE(reader.stats().hits, 1u);
    for (int i = 11; i < 20; ++i) {
        write_test_file(path, "version " + QByteArray::number(i));
        fs::last_write_time(native, modified);  // same size, same time, same file
        QCOMPARE(read_through(reader, path), "version " + std::to_string(i));
        QCOMPARE(read_through(reader, path), "version " + std::to_string(i));
    }
}

void TestChangeWatcher::a_renamed_over_file_is_read_again() {
    ChangeWatcher watcher;
    FileReader reader(1 << 20, &watcher);
    const QString path = dir_.filePath(QStringLiteral("replaced.md"));
    const QString next = dir_.filePath(QStringLiteral("replaced.md.new"));
    write_test_file(path, "old");
    QCOMPARE(read_through(reader, path), std::string("old"));
    QCOMPARE(read_through(reader, path), std::string("old"));
    write_test_file(next, "new");
    QCOMPARE(::rename(next.toLocal8Bit().constData(), path.toLocal8Bit().constData()), 0);
    QCOMPARE(read_through(reader, path), std::string("new"));
}

void TestChangeWatcher::a_file_below_a_renamed_directory_is_read_again() {
    ChangeWatcher watcher;
    FileReader reader(1 << 20, &watcher);
    QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("outer/inner")));
    const QString path = dir_.filePath(QStringLiteral("outer/inner/rule.md"));
    write_test_file(path, "first");
    const fs::path native(path.toStdString());
    const fs::file_time_type modified = fs::last_write_time(native);
    QCOMPARE(read_through(reader, path), std::string("first"));
    QCOMPARE(read_through(reader, path), std::string("first"));
    // Another directory takes the place of "outer"; its file has the same size and time.
    QVERIFY(QDir(dir_.path()).rename(QStringLiteral("outer"), QStringLiteral("outer-old")));
    QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("outer/inner")));
    write_test_file(path, "other");
    fs::last_write_time(native, modified);
    QCOMPARE(read_through(reader, path), std::string("other"));
}

void TestChangeWatcher::a_missing_file_is_remembered_until_it_appears() {
    ChangeWatcher watcher;
    FileReader reader(1 << 20, &watcher);
    const QString path = dir_.filePath(QStringLiteral("later/later.md"));
    QVERIFY(read_through(reader, path).starts_with("<error"));
    const auto stats = reader.stats().stats;
    QVERIFY(!reader.read(path.toStdString()));
    QCOMPARE(reader.read(path.toStdString()).error().kind, FileErrorKind::NotFound);
    QCOMPARE(reader.stats().stats, stats);
    QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("later")));
    QVERIFY(!reader.read(path.toStdString()));
    write_test_file(path, "appeared");
    QCOMPARE(read_through(reader, path), std::string("appeared"));
    QVERIFY(QFile::remove(path));
    QVERIFY(read_through(reader, path).starts_with("<error"));
}

void TestChangeWatcher::entries_added_to_or_removed_from_a_directory_show_up() {
    ChangeWatcher watcher;
    DirectoryCache cache(1024, &watcher);
    QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("listed")));
    const QString dir = dir_.filePath(QStringLiteral("listed"));
    QCOMPARE(names_in(cache, dir), std::string());
    write_test_file(dir + QStringLiteral("/a.md"), "a");
    QCOMPARE(names_in(cache, dir), std::string("a.md "));
    const auto stats = cache.stats().stats;
    QCOMPARE(names_in(cache, dir), std::string("a.md "));
    QCOMPARE(cache.stats().stats, stats);
    write_test_file(dir + QStringLiteral("/b.md"), "b");
    QCOMPARE(names_in(cache, dir), std::string("a.md b.md "));
    QVERIFY(QFile::rename(dir + QStringLiteral("/a.md"), dir + QStringLiteral("/c.md")));
    QCOMPARE(names_in(cache, dir), std::string("b.md c.md "));
    QVERIFY(QFile::remove(dir + QStringLiteral("/b.md")));
    QCOMPARE(names_in(cache, dir), std::string("c.md "));
}

void TestChangeWatcher::a_missing_directory_is_remembered_until_it_appears() {
    ChangeWatcher watcher;
    DirectoryCache cache(1024, &watcher);
    const QString dir = dir_.filePath(QStringLiteral("absent/rules"));
    QCOMPARE(names_in(cache, dir), std::string("<error>"));
    const auto stats = cache.stats().stats;
    QCOMPARE(names_in(cache, dir), std::string("<error>"));
    QCOMPARE(cache.stats().stats, stats);
    QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("absent/rules")));
    write_test_file(dir + QStringLiteral("/x.md"), "x");
    QCOMPARE(names_in(cache, dir), std::string("x.md "));
}

void TestChangeWatcher::an_overflow_falls_back_to_the_stamp() {
    ChangeWatcher watcher;
    FileReader reader(1 << 20, &watcher);
    const QString path = dir_.filePath(QStringLiteral("overflow.md"));
    write_test_file(path, "before");
    QCOMPARE(read_through(reader, path), std::string("before"));
    const auto stats = reader.stats().stats;
    watcher.simulate_overflow_for_testing();
    // Nothing is trusted without a stat; the file is fresh, so it is read again.
    QCOMPARE(read_through(reader, path), std::string("before"));
    QCOMPARE(reader.stats().stats, stats + 1);
    QCOMPARE(read_through(reader, path), std::string("before"));
    QCOMPARE(reader.stats().stats, stats + 1);  // watched again
}

void TestChangeWatcher::a_failed_watch_falls_back_to_the_stamp() {
    ChangeWatcher watcher;
    watcher.fail_watches_for_testing(true);
    FileReader reader(1 << 20, &watcher);
    DirectoryCache cache(1024, &watcher);
    const QString path = dir_.filePath(QStringLiteral("unwatched.md"));
    write_test_file(path, "first");
    QCOMPARE(read_through(reader, path), std::string("first"));
    QCOMPARE(read_through(reader, path), std::string("first"));
    QCOMPARE(reader.stats().stats, 2u);
    QCOMPARE(reader.stats().hits, 0u);  // fresh: the stamp cannot vouch for it
    write_test_file(path, "other");
    QCOMPARE(read_through(reader, path), std::string("other"));
    QCOMPARE(names_in(cache, dir_.path()).find("unwatched.md") != std::string::npos, true);
    QCOMPARE(names_in(cache, dir_.path()).find("unwatched.md") != std::string::npos, true);
    QCOMPARE(cache.stats().stats, 2u);
    QVERIFY(read_through(reader, dir_.filePath(QStringLiteral("none.md"))).starts_with("<error"));
    QVERIFY(read_through(reader, dir_.filePath(QStringLiteral("none.md"))).starts_with("<error"));
    QCOMPARE(reader.stats().stats, 5u);
    QCOMPARE(watcher.stats().watched, std::size_t(0));
}

void TestChangeWatcher::concurrent_readers_see_every_version_whole() {
    ChangeWatcher watcher;
    FileReader reader(1 << 20, &watcher);
    DirectoryCache cache(1024, &watcher);
    QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("busy")));
    const QString dir = dir_.filePath(QStringLiteral("busy"));
    const QString path = dir + QStringLiteral("/busy.md");
    write_test_file(path, QByteArray(100, 'a'));
    std::atomic<bool> done{false};
    std::atomic<int> torn{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&, t] {
            while (!done) {
                const ChangeWatcher::Batch batch(watcher);  // some threads in batches, some not
                for (int i = 0; i < (t % 2 ? 10 : 1); ++i) {
                    auto file = reader.read(path.toStdString());
                    if (file) {
                        const std::string_view bytes = (*file)->bytes();
                        if (!bytes.empty() &&
                            bytes.find_first_not_of(bytes.front()) != std::string_view::npos) {
                            ++torn;
                        }
                    }
                    (void)cache.list(dir.toStdString());
                }
            }
        });
    }
    // Each version is written whole under a temporary name and renamed into place.
    for (int i = 0; i < 200; ++i) {
        const QString next = dir + QStringLiteral("/next-%1").arg(i);
        write_test_file(next, QByteArray(100, char('a' + i % 26)));
        QCOMPARE(::rename(next.toLocal8Bit().constData(), path.toLocal8Bit().constData()), 0);
    }
    done = true;
    for (std::thread& thread : readers) thread.join();
    QCOMPARE(torn.load(), 0);
    QCOMPARE(read_through(reader, path), std::string(100, char('a' + 199 % 26)));
    QCOMPARE(names_in(cache, dir), std::string("busy.md "));
}

QTEST_GUILESS_MAIN(TestChangeWatcher)
#include "test_change_watcher.moc"
