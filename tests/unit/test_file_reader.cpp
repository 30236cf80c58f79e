// The stamp-checked file cache: fresh contents after every change, cached reads otherwise.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtGlobal>
#include <filesystem>
#include <thread>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

#include "file_reader.h"
#include "test_files.h"

using lapce_ai::testing::write_test_file;
using namespace lapce_ai;

namespace {

// A file whose modification time is well in the past, so its stamp alone vouches for a cached
// copy.
void settle(const QString& path) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-10),
                             QFileDevice::FileModificationTime));
}

std::string read_through(FileReader& reader, const QString& path) {
    auto file = reader.read(path.toStdString());
    return file ? std::string((*file)->bytes()) : "<error: " + file.error().message() + ">";
}

}  // namespace

class TestFileReader : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void reads_the_whole_file_and_serves_repeats_from_the_cache();
    void a_changed_file_is_read_again();
    void a_replaced_file_is_read_again();
    void a_file_rewritten_at_once_with_the_same_size_is_read_again();
    void a_fresh_file_is_served_from_the_cache_once_its_time_is_past();
    void large_files_are_mapped_with_the_same_contents();
    void empty_files_read_as_empty();
    void missing_files_and_directories_are_typed_errors();
    void special_files_are_refused_without_waiting();
    void least_recently_used_entries_leave_beyond_the_budget();
    void concurrent_readers_see_complete_contents();

  private:
    QTemporaryDir dir_;
};

void TestFileReader::reads_the_whole_file_and_serves_repeats_from_the_cache() {
    FileReader reader(1 << 20);
    const QString path = dir_.filePath(QStringLiteral("a.md"));
    write_test_file(path, "# Rules\nline two\n");
    settle(path);
    QCOMPARE(read_through(reader, path), std::string("# Rules\nline two\n"));
    QCOMPARE(read_through(reader, path), std::string("# Rules\nline two\n"));
    QCOMPARE(reader.stats().misses, 1u);
    QCOMPARE(reader.stats().hits, 1u);
    QCOMPARE(reader.stats().entries, std::size_t(1));
}

void TestFileReader::a_changed_file_is_read_again() {
    FileReader reader(1 << 20);
    const QString path = dir_.filePath(QStringLiteral("changed.md"));
    write_test_file(path, "first");
    QCOMPARE(read_through(reader, path), std::string("first"));
    write_test_file(path, "other");  // same size
    QCOMPARE(read_through(reader, path), std::string("other"));
    write_test_file(path, "longer contents");
    QCOMPARE(read_through(reader, path), std::string("longer contents"));
    QCOMPARE(reader.stats().misses, 3u);
}

void TestFileReader::a_file_rewritten_at_once_with_the_same_size_is_read_again() {
    // Where the file system's clock is coarse, both writes fall in the same tick and the stamp
    // stays the same; restoring the modification time makes that happen everywhere.
    namespace fs = std::filesystem;
    FileReader reader(1 << 20);
    const QString path = dir_.filePath(QStringLiteral("rewritten.md"));
    const fs::path native(path.toStdString());
    for (int i = 10; i < 30; ++i) {
        write_test_file(path, "version " + QByteArray::number(i));
        const fs::file_time_type modified = fs::last_write_time(native);
        QCOMPARE(read_through(reader, path), "version " + std::to_string(i));
        write_test_file(path, "version " + QByteArray::number(i + 50));
        fs::last_write_time(native, modified);
        QCOMPARE(read_through(reader, path), "version " + std::to_string(i + 50));
    }
}

void TestFileReader::a_fresh_file_is_served_from_the_cache_once_its_time_is_past() {
    FileReader reader(1 << 20);
    const QString path = dir_.filePath(QStringLiteral("fresh.md"));
    write_test_file(path, "fresh");
    QCOMPARE(read_through(reader, path), std::string("fresh"));
    QCOMPARE(read_through(reader, path), std::string("fresh"));
    QCOMPARE(reader.stats().hits, 0u);  // modified too recently for the stamp to vouch for it
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    QCOMPARE(read_through(reader, path), std::string("fresh"));  // read once more, now settled
    QCOMPARE(read_through(reader, path), std::string("fresh"));
    QCOMPARE(reader.stats().hits, 1u);
}

void TestFileReader::a_replaced_file_is_read_again() {
    FileReader reader(1 << 20);
    const QString path = dir_.filePath(QStringLiteral("replaced.md"));
    const QString next = dir_.filePath(QStringLiteral("replaced.md.new"));
    write_test_file(path, "old");
    QCOMPARE(read_through(reader, path), std::string("old"));
    write_test_file(next, "new");
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::rename(next, path));
    QCOMPARE(read_through(reader, path), std::string("new"));
}

void TestFileReader::large_files_are_mapped_with_the_same_contents() {
    FileReader reader(8 << 20);
    const QString path = dir_.filePath(QStringLiteral("large.txt"));
    QByteArray bytes;
    for (int i = 0; bytes.size() < qsizetype(MappedFile::kMapThreshold) * 2; ++i) {
        bytes += QByteArray::number(i) + '\n';
    }
    write_test_file(path, bytes);
    QCOMPARE(read_through(reader, path), bytes.toStdString());
}

void TestFileReader::empty_files_read_as_empty() {
    FileReader reader(1 << 20);
    const QString path = dir_.filePath(QStringLiteral("empty"));
    write_test_file(path, {});
    QCOMPARE(read_through(reader, path), std::string());
}

void TestFileReader::missing_files_and_directories_are_typed_errors() {
    FileReader reader(1 << 20);
    auto missing = reader.read(dir_.filePath(QStringLiteral("nope")).toStdString());
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, FileErrorKind::NotFound);
    auto directory = reader.read(dir_.path().toStdString());
    QVERIFY(!directory);
    QCOMPARE(directory.error().kind, FileErrorKind::IsDirectory);
}

void TestFileReader::special_files_are_refused_without_waiting() {
#ifdef Q_OS_UNIX
    FileReader reader(1 << 20);
    const QString path = dir_.filePath(QStringLiteral("fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    auto fifo = reader.read(path.toStdString());  // reading would wait for a writer
    QVERIFY(!fifo);
    QCOMPARE(fifo.error().kind, FileErrorKind::NotARegularFile);
    auto opened = MappedFile::open(path.toStdString());
    QVERIFY(!opened);
    QCOMPARE(opened.error().kind, FileErrorKind::NotARegularFile);
#else
    QSKIP("no FIFOs in the file system");
#endif
}

void TestFileReader::least_recently_used_entries_leave_beyond_the_budget() {
    FileReader reader(100);
    const QString a = dir_.filePath(QStringLiteral("lru-a")),
                  b = dir_.filePath(QStringLiteral("lru-b")),
                  c = dir_.filePath(QStringLiteral("lru-c"));
    write_test_file(a, QByteArray(40, 'a'));
    write_test_file(b, QByteArray(40, 'b'));
    write_test_file(c, QByteArray(40, 'c'));
    for (const QString& path : {a, b, c}) settle(path);
    read_through(reader, a);
    read_through(reader, b);
    read_through(reader, a);  // b is now the least recently used
    read_through(reader, c);
    QCOMPARE(reader.stats().entries, std::size_t(2));
    QCOMPARE(reader.stats().bytes, std::size_t(80));
    const auto hits = reader.stats().hits;
    read_through(reader, a);
    QCOMPARE(reader.stats().hits, hits + 1);  // a stayed
    read_through(reader, b);
    QCOMPARE(reader.stats().hits, hits + 1);  // b had to be read again
}

void TestFileReader::concurrent_readers_see_complete_contents() {
    FileReader reader(1 << 20);
    const QString path = dir_.filePath(QStringLiteral("shared.md"));
    write_test_file(path, QByteArray(1000, 'x'));
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 500; ++i) {
                if (read_through(reader, path) != std::string(1000, 'x')) ++wrong;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    QCOMPARE(wrong.load(), 0);
}

QTEST_GUILESS_MAIN(TestFileReader)
#include "test_file_reader.moc"
