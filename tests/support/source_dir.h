#pragma once

// The checkout a test belongs to, from the LAPCE_AI_SOURCE_DIR that CTest gives every test (see
// lapceai_add_test). An environment variable rather than a compiled-in path: objects then carry no
// absolute path, so ccache reuses them across clones.

#include <QDir>
#include <QString>
#include <QtGlobal>

namespace lapce_ai::testing {

// `relative` inside the checkout ("resources/treesitter/queries", "../shared/golden").
inline QString source_path(const QString& relative) {
    const QString root = qEnvironmentVariable("LAPCE_AI_SOURCE_DIR");
    if (root.isEmpty()) qFatal("LAPCE_AI_SOURCE_DIR is not set: run the test through ctest");
    return QDir::cleanPath(root + QLatin1Char('/') + relative);
}

}  // namespace lapce_ai::testing
