// Where the service and its clients meet (runtime directory, socket, token) and how the private
// files there are made: a directory only its user can enter, files written whole or not at all.

#include <sys/stat.h>
#include <unistd.h>

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "runtime_paths.h"

using namespace lapce_ai::ipc;

namespace {

mode_t mode_of(const QString& path) {
    struct stat info {};
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0) return 0;
    return info.st_mode & 0777;
}

}  // namespace

class RuntimePathsTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void the_runtime_directory_comes_from_xdg_runtime_dir_or_tmp() {
        const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
        qputenv("XDG_RUNTIME_DIR", "/run/user/4242");
        RuntimePaths paths = runtime_paths();
        QCOMPARE(paths.dir, QStringLiteral("/run/user/4242/lapce-ai"));
        QCOMPARE(paths.socket_path, QStringLiteral("/run/user/4242/lapce-ai/service.sock"));
        QCOMPARE(paths.token_path, QStringLiteral("/run/user/4242/lapce-ai/token"));
        qunsetenv("XDG_RUNTIME_DIR");
        paths = runtime_paths();
        QCOMPARE(paths.dir, QStringLiteral("/tmp/lapce-ai-%1").arg(::getuid()));
        // An explicit directory wins, made absolute and clean.
        paths = runtime_paths(QStringLiteral("/tmp/x/../lapce-ai-test/"));
        QCOMPARE(paths.dir, QStringLiteral("/tmp/lapce-ai-test"));
        QCOMPARE(paths.lock_path, QStringLiteral("/tmp/lapce-ai-test/service.lock"));
        QCOMPARE(paths.state_path, QStringLiteral("/tmp/lapce-ai-test/service.state"));
        if (!saved.isNull()) qputenv("XDG_RUNTIME_DIR", saved);
    }

    void a_runtime_directory_is_created_private_and_an_open_one_is_closed() {
        QTemporaryDir base;
        const QString dir = base.filePath(QStringLiteral("rt"));
        QVERIFY(ensure_private_dir(dir).has_value());
        QCOMPARE(mode_of(dir), mode_t{0700});
        QVERIFY(::chmod(QFile::encodeName(dir).constData(), 0755) == 0);
        QVERIFY(ensure_private_dir(dir).has_value());
        QCOMPARE(mode_of(dir), mode_t{0700});
    }

    void a_runtime_directory_that_cannot_be_used_is_refused_with_the_reason() {
        QTemporaryDir base;
        const QString file = base.filePath(QStringLiteral("plain-file"));
        QFile(file).open(QIODevice::WriteOnly);
        auto refused = ensure_private_dir(file);
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error(),
                 QStringLiteral("runtime directory %1 is not a directory").arg(file));

        const QString link = base.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(base.path(), link));
        refused = ensure_private_dir(link);
        QCOMPARE(refused.error(),
                 QStringLiteral("runtime directory %1 is not a directory").arg(link));

        const QString orphan = base.filePath(QStringLiteral("missing/rt"));
        refused = ensure_private_dir(orphan);
        QVERIFY(refused.error().startsWith(
            QStringLiteral("cannot create runtime directory %1: ").arg(orphan)));
    }

    void a_private_file_is_written_whole_with_owner_only_access() {
        QTemporaryDir base;
        const QString path = base.filePath(QStringLiteral("token"));
        QVERIFY(write_private_file(path, "first").has_value());
        QVERIFY(write_private_file(path, "second token").has_value());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("second token"));
        QCOMPARE(mode_of(path), mode_t{0600});
        QVERIFY(!QFile::exists(path + QStringLiteral(".new")));

        const QString nowhere = base.filePath(QStringLiteral("missing/token"));
        const auto refused = write_private_file(nowhere, "x");
        QVERIFY(!refused.has_value());
        QVERIFY(refused.error().startsWith(QStringLiteral("cannot write %1: ").arg(nowhere)));
    }

    void a_token_is_read_trimmed_and_a_missing_or_empty_one_is_an_error() {
        QTemporaryDir base;
        const QString path = base.filePath(QStringLiteral("token"));
        auto missing = read_token(path);
        QVERIFY(!missing.has_value());
        QVERIFY(
            missing.error().startsWith(QStringLiteral("cannot read service token %1: ").arg(path)));

        QVERIFY(write_private_file(path, "  \n").has_value());
        QCOMPARE(read_token(path).error(), QStringLiteral("service token file is empty"));
        QVERIFY(write_private_file(path, "abc123\n").has_value());
        QCOMPARE(read_token(path).value(), std::string("abc123"));
    }
};

QTEST_GUILESS_MAIN(RuntimePathsTest)
#include "test_runtime_paths.moc"
