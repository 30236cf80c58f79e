// Parity of the provider layer with the TypeScript reference: every case under
// <golden>/providers/<provider>/<case>.json is run against a local replay server and compared
// (requests, chunks, errors, results, getModel()).

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <algorithm>

#include "golden_case.h"
#include "ordered_json.h"
#include "provider_case_runner.h"
#include "source_dir.h"

using namespace lapce_ai;
using namespace lapce_ai::parity;

class TestParityProviders : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void every_golden_provider_case_matches_the_reference();
};

void TestParityProviders::every_golden_provider_case_matches_the_reference() {
    const QString golden = golden_dir();
    if (golden.isEmpty()) QSKIP("golden data not found: set LAPCE_AI_GOLDEN_DIR");
    const QString root = golden + QStringLiteral("/providers");
    QStringList files;
    for (QDirIterator it(root, {QStringLiteral("*.json")}, QDir::Files,
                         QDirIterator::Subdirectories);
         it.hasNext();)
        files << it.next();
    std::sort(files.begin(), files.end());
    QVERIFY2(!files.isEmpty(), "no golden provider cases");

    ParityTally tally(
        QStringLiteral("providers"),
        testing::source_path(QStringLiteral("tests/parity/providers/known_failures.txt")));
    for (const QString& path : files) {
        const QString id = QDir(root).relativeFilePath(path).chopped(5);  // provider/case
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        auto golden_case = json::parse_ordered_json(file.readAll().toStdString());
        QVERIFY2(golden_case.has_value(), qPrintable(path));
        if (!golden_case->find("response_transcript")) continue;  // not a case (e.g. a tool's data)
        tally.record(id, id, run_provider_case(*golden_case));
    }
    QCOMPARE(tally.finish(), 0);
}

int main(int argc, char** argv) {
    QCoreApplication application(argc, argv);
    TestParityProviders test;
    return parity_test_main(test, argc, argv);
}

#include "test_parity_providers.moc"
