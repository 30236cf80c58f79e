#pragma once

#include <QByteArray>
#include <QString>

namespace lapce_ai::testing {

// Writes `bytes` to `path`, creating its folders and replacing what was there; a failure fails
// the current test.
void write_test_file(const QString& path, const QByteArray& bytes);

}  // namespace lapce_ai::testing
