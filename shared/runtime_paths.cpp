#include "runtime_paths.h"

#include <QtGlobal>
#ifndef Q_OS_WIN
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unique_fd.h"
#else
#include <QSaveFile>
#endif

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>

namespace lapce_ai::ipc {

#ifdef Q_OS_WIN

RuntimePaths runtime_paths(const QString& override_dir) {
    QString dir = override_dir;
    if (dir.isEmpty()) dir = qEnvironmentVariable("LOCALAPPDATA") + QStringLiteral("/lapce-ai");
    dir = QDir::cleanPath(QDir(dir).absolutePath());
    // QLocalServer listens on a named pipe; one per directory, so tests can run side by side.
    const QString pipe = QStringLiteral("\\\\.\\pipe\\lapce-ai-%1-%2")
                             .arg(qEnvironmentVariable("USERNAME"))
                             .arg(qHash(dir.toLower()), 0, 16);
    return RuntimePaths{dir, pipe, dir + QStringLiteral("/token"),
                        dir + QStringLiteral("/service.lock"),
                        dir + QStringLiteral("/service.state")};
}

// %LOCALAPPDATA% is private to the user by its inherited ACL.
Expected<void, QString> ensure_private_dir(const QString& dir) {
    if (!QDir().mkpath(dir))
        return unexpected(QStringLiteral("cannot create runtime directory %1").arg(dir));
    return {};
}

Expected<void, QString> write_private_file(const QString& path, const std::string& content) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(content.data(), static_cast<qint64>(content.size())) !=
            static_cast<qint64>(content.size()) ||
        !file.commit()) {
        return unexpected(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    }
    return {};
}

std::string native_socket_address(const QString& socket_path) {
    return socket_path.toStdString();
}

#else

RuntimePaths runtime_paths(const QString& override_dir) {
    QString dir = override_dir;
    if (dir.isEmpty()) {
        const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR");
        dir = xdg.isEmpty() ? QStringLiteral("/tmp/lapce-ai-%1").arg(::getuid())
                            : xdg + QStringLiteral("/lapce-ai");
    }
    dir = QDir::cleanPath(QDir(dir).absolutePath());
    return RuntimePaths{dir, dir + QStringLiteral("/service.sock"), dir + QStringLiteral("/token"),
                        dir + QStringLiteral("/service.lock"),
                        dir + QStringLiteral("/service.state")};
}

Expected<void, QString> ensure_private_dir(const QString& dir) {
    const QByteArray path = QFile::encodeName(dir);
    if (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST) {
        return unexpected(QStringLiteral("cannot create runtime directory %1: %2")
                              .arg(dir, QString::fromLocal8Bit(std::strerror(errno))));
    }
    struct stat info {};
    if (::lstat(path.constData(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        return unexpected(QStringLiteral("runtime directory %1 is not a directory").arg(dir));
    }
    if (info.st_uid != ::getuid()) {
        return unexpected(QStringLiteral("runtime directory %1 belongs to another user").arg(dir));
    }
    if ((info.st_mode & 077) != 0 && ::chmod(path.constData(), 0700) != 0) {
        return unexpected(QStringLiteral("cannot make runtime directory %1 private").arg(dir));
    }
    return {};
}

Expected<void, QString> write_private_file(const QString& path, const std::string& content) {
    const QByteArray final_path = QFile::encodeName(path);
    const QByteArray temporary = final_path + ".new";
    auto failed = [&](const char* what) {
        return unexpected(
            QStringLiteral("cannot %1 %2: %3")
                .arg(QLatin1String(what), path, QString::fromLocal8Bit(std::strerror(errno))));
    };
    ::unlink(temporary.constData());
    UniqueFd fd(::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd.valid()) return failed("write");
    if (::write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
        return failed("write");
    }
    fd.reset();
    if (::rename(temporary.constData(), final_path.constData()) != 0) return failed("install");
    return {};
}

std::string native_socket_address(const QString& socket_path) {
    return QFile::encodeName(socket_path).toStdString();
}

#endif

Expected<std::string, QString> read_token(const QString& token_path) {
    QFile file(token_path);
    if (!file.open(QIODevice::ReadOnly)) {
        return unexpected(
            QStringLiteral("cannot read service token %1: %2").arg(token_path, file.errorString()));
    }
    const QByteArray token = file.read(4096).trimmed();
    if (token.isEmpty()) return unexpected(QStringLiteral("service token file is empty"));
    return token.toStdString();
}

}  // namespace lapce_ai::ipc
