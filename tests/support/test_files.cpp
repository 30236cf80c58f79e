#include "test_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

namespace lapce_ai::testing {

void write_test_file(const QString& path, const QByteArray& bytes) {
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

}  // namespace lapce_ai::testing
