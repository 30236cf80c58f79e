#include "runtime_paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>

namespace lapce_ai::ipc {

RuntimePaths runtime_paths(const QString& override_dir) {
    QString dir = override_dir;
    if (dir.isEmpty()) {
        const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR");
        dir = xdg.isEmpty() ? QStringLiteral("/tmp/lapce-ai-%1").arg(::getuid())
                            : xdg + QStringLiteral("/lapce-ai");
    }
    dir = QDir::cleanPath(QDir(dir).absolutePath());
    return RuntimePaths{dir, dir + QStringLiteral("/service.sock"), dir + QStringLiteral("/token"),
                        dir + QStringLiteral("/service.lock")};
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
