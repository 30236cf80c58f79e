// The stamp-checked directory cache: fresh listings after every change, cached ones otherwise.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <filesystem>
#include <thread>

#include "directory_cache.h"
#include "test_files.h"

using lapce_ai::testing::write_test_file;
using namespace lapce_ai;

namespace {

// "name:type name:type ..." or "<error>".
std::string listing_of(DirectoryCache& cache, const QString& path) {
    auto listing = cache.list(path.toStdString());
    if (!listing) return "<error>";
    std::string text;
    for (const DirectoryEntry& entry : (*listing)->entries) {
        static constexpr const char* kTypes[] = {"file", "dir", "link", "other"};
        if (!text.empty()) text += ' ';
        text += entry.name + ':' + kTypes[static_cast<int>(entry.type)];
    }
    return text;
}

// A directory whose modification time is well in the past, so its stamp alone vouches for a
// cached listing.
void settle(const QString& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    fs::last_write_time(fs::path(path.toStdString()),
                        fs::file_time_type::clock::now() - std::chrono::seconds(10), error);
    QVERIFY(!error);
}

}  // namespace

class TestDirectoryCache : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void lists_entries_by_name_with_their_own_types();
    void an_unchanged_directory_is_served_from_the_cache();
    void an_entry_added_or_removed_shows_up();
    void a_file_added_right_after_listing_shows_up();
    void a_fresh_directory_is_served_from_the_cache_once_its_time_is_past();
    void missing_paths_and_files_are_typed_errors();
    void least_recently_used_listings_leave_beyond_the_budget();
    void concurrent_listings_are_complete();

  private:
    QString fresh_dir(const QString& name) {
        const QString path = dir_.filePath(name);
        QDir().mkpath(path);
        return path;
    }
    QTemporaryDir dir_;
};

void TestDirectoryCache::lists_entries_by_name_with_their_own_types() {
    DirectoryCache cache(1000);
    const QString path = fresh_dir(QStringLiteral("types"));
    write_test_file(path + QStringLiteral("/b.md"), "b");
    write_test_file(path + QStringLiteral("/B.md"), "B");
    QDir().mkpath(path + QStringLiteral("/a-folder"));
    QVERIFY(QFile::link(path + QStringLiteral("/a-folder"), path + QStringLiteral("/c-link")));
    QCOMPARE(listing_of(cache, path), std::string("B.md:file a-folder:dir b.md:file c-link:link"));
    // A link to a directory lists the directory.
    QCOMPARE(listing_of(cache, path + QStringLiteral("/c-link")), std::string());
}

void TestDirectoryCache::an_unchanged_directory_is_served_from_the_cache() {
    DirectoryCache cache(1000);
    const QString path = fresh_dir(QStringLiteral("unchanged"));
    write_test_file(path + QStringLiteral("/a.md"), "a");
    settle(path);
    QCOMPARE(listing_of(cache, path), std::string("a.md:file"));
    QCOMPARE(listing_of(cache, path), std::string("a.md:file"));
    QCOMPARE(cache.stats().misses, 1u);
    QCOMPARE(cache.stats().hits, 1u);
    QCOMPARE(cache.stats().listings, std::size_t(1));
    QCOMPARE(cache.stats().entries, std::size_t(1));
}

void TestDirectoryCache::an_entry_added_or_removed_shows_up() {
    DirectoryCache cache(1000);
    const QString path = fresh_dir(QStringLiteral("added"));
    write_test_file(path + QStringLiteral("/a.md"), "a");
    settle(path);
    QCOMPARE(listing_of(cache, path), std::string("a.md:file"));
    write_test_file(path + QStringLiteral("/b.md"), "b");
    QCOMPARE(listing_of(cache, path), std::string("a.md:file b.md:file"));
    QVERIFY(QFile::remove(path + QStringLiteral("/a.md")));
    QCOMPARE(listing_of(cache, path), std::string("b.md:file"));
}

void TestDirectoryCache::a_file_added_right_after_listing_shows_up() {
    // Where the file system's clock is coarse, listing and adding fall in the same tick and the
    // directory's stamp stays the same; restoring the modification time makes that happen
    // everywhere.
    namespace fs = std::filesystem;
    DirectoryCache cache(1000);
    const QString path = fresh_dir(QStringLiteral("quick"));
    const fs::path native(path.toStdString());
    std::string expected;
    for (int i = 10; i < 30; ++i) {
        // A recent time, however slowly the test runs (sanitizers): only then can the stamp not
        // vouch for the listing.
        fs::last_write_time(native, fs::file_time_type::clock::now());
        const fs::file_time_type modified = fs::last_write_time(native);
        QCOMPARE(listing_of(cache, path), expected);
        const QString name = QString::number(i);
        write_test_file(path + QLatin1Char('/') + name, "x");
        fs::last_write_time(native, modified);
        expected += (expected.empty() ? "" : " ") + name.toStdString() + ":file";
        QCOMPARE(listing_of(cache, path), expected);
    }
}

void TestDirectoryCache::a_fresh_directory_is_served_from_the_cache_once_its_time_is_past() {
    DirectoryCache cache(1000);
    const QString path = fresh_dir(QStringLiteral("fresh"));
    write_test_file(path + QStringLiteral("/a.md"), "a");
    QCOMPARE(listing_of(cache, path), std::string("a.md:file"));
    QCOMPARE(listing_of(cache, path), std::string("a.md:file"));
    QCOMPARE(cache.stats().hits, 0u);  // modified too recently for the stamp to vouch for it
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    QCOMPARE(listing_of(cache, path), std::string("a.md:file"));  // listed once more, settled
    QCOMPARE(listing_of(cache, path), std::string("a.md:file"));
    QCOMPARE(cache.stats().hits, 1u);
}

void TestDirectoryCache::missing_paths_and_files_are_typed_errors() {
    DirectoryCache cache(1000);
    auto missing = cache.list(dir_.filePath(QStringLiteral("nope")).toStdString());
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, FileErrorKind::NotFound);
    const QString file = dir_.filePath(QStringLiteral("plain-file"));
    write_test_file(file, "x");
    auto not_directory = cache.list(file.toStdString());
    QVERIFY(!not_directory);
    QCOMPARE(not_directory.error().kind, FileErrorKind::NotADirectory);
    auto below_file = cache.list((file + QStringLiteral("/sub")).toStdString());
    QVERIFY(!below_file);
    QCOMPARE(below_file.error().kind, FileErrorKind::NotADirectory);
}

void TestDirectoryCache::least_recently_used_listings_leave_beyond_the_budget() {
    DirectoryCache cache(4);
    const QString a = fresh_dir(QStringLiteral("lru-a")), b = fresh_dir(QStringLiteral("lru-b")),
                  c = fresh_dir(QStringLiteral("lru-c"));
    for (const QString& path : {a, b, c}) {
        write_test_file(path + QStringLiteral("/1"), "1");
        write_test_file(path + QStringLiteral("/2"), "2");
        settle(path);
    }
    listing_of(cache, a);
    listing_of(cache, b);
    listing_of(cache, a);  // b is now the least recently used
    listing_of(cache, c);
    QCOMPARE(cache.stats().listings, std::size_t(2));
    QCOMPARE(cache.stats().entries, std::size_t(4));
    const auto hits = cache.stats().hits;
    listing_of(cache, a);
    QCOMPARE(cache.stats().hits, hits + 1);  // a stayed
    listing_of(cache, b);
    QCOMPARE(cache.stats().hits, hits + 1);  // b had to be listed again
}

void TestDirectoryCache::concurrent_listings_are_complete() {
    DirectoryCache cache(1000);
    const QString path = fresh_dir(QStringLiteral("shared"));
    for (int i = 0; i < 10; ++i) write_test_file(path + QStringLiteral("/%1").arg(i), "x");
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 300; ++i) {
                auto listing = cache.list(path.toStdString());
                if (!listing || (*listing)->entries.size() != 10) ++wrong;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    QCOMPARE(wrong.load(), 0);
}

QTEST_GUILESS_MAIN(TestDirectoryCache)
#include "test_directory_cache.moc"
