// Parity of the definitions service with the TypeScript reference: every call of
// <golden>/treesitter/manifest.json is made again on the golden corpus by the functions the
// service uses, and its result (string, undefined or thrown message) compared byte for byte.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cstdio>

#include "definitions.h"
#include "file_reader.h"
#include "golden_case.h"
#include "source_dir.h"

using namespace lapce_ai;
using namespace lapce_ai::parity;

namespace {

QByteArray read_all(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The reference's result of one manifest entry, as the manifest writes it.
struct Outcome {
    QString kind;  // string, undefined, error
    QByteArray text;
};

Outcome run_entry(treesitter::DefinitionsEngine& engine, const QJsonObject& entry,
                  const QString& corpus) {
    const std::string path =
        (corpus + QLatin1Char('/') + entry.value(QStringLiteral("input")).toString()).toStdString();
    if (entry.value(QStringLiteral("api")).toString() == QLatin1String("dir")) {
        auto text = treesitter::parse_source_code_for_definitions_top_level(engine, path);
        if (!text)
            return {QStringLiteral("error"), QByteArray::fromStdString(text.error().message)};
        return {QStringLiteral("string"), QByteArray::fromStdString(*text)};
    }
    auto text = treesitter::parse_source_code_definitions_for_file(engine, path);
    if (!text) return {QStringLiteral("error"), QByteArray::fromStdString(text.error().message)};
    if (!*text) return {QStringLiteral("undefined"), {}};
    return {QStringLiteral("string"), QByteArray::fromStdString(**text)};
}

}  // namespace

class TestParityTreesitter : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void every_golden_definitions_call_matches_byte_for_byte();
};

void TestParityTreesitter::every_golden_definitions_call_matches_byte_for_byte() {
    const QString golden = golden_dir();
    if (golden.isEmpty()) QSKIP("golden data not found: set LAPCE_AI_GOLDEN_DIR");
    const QString root = golden + QStringLiteral("/treesitter");
    const QJsonObject manifest =
        QJsonDocument::fromJson(read_all(root + QStringLiteral("/manifest.json"))).object();
    const QString corpus =
        root + QLatin1Char('/') + manifest.value(QStringLiteral("corpus_root")).toString();
    ParityTally tally(
        QStringLiteral("treesitter"),
        testing::source_path(QStringLiteral("tests/parity/treesitter/known_failures.txt")));

    FileReader reader(64 * 1024 * 1024);
    treesitter::DefinitionsEngine engine(reader);
    for (const QJsonValue& value : manifest.value(QStringLiteral("entries")).toArray()) {
        const QJsonObject entry = value.toObject();
        const QString input = entry.value(QStringLiteral("input")).toString();
        const QString name =
            entry.value(QStringLiteral("api")).toString() + QLatin1Char(':') + input;

        const QString expected_kind = entry.value(QStringLiteral("kind")).toString();
        QByteArray expected;
        if (expected_kind == QLatin1String("string")) {
            expected = read_all(root + QLatin1Char('/') +
                                entry.value(QStringLiteral("output")).toString());
            expected.replace("{{CORPUS}}", corpus.toUtf8());
        } else if (expected_kind == QLatin1String("error")) {
            expected = entry.value(QStringLiteral("error")).toString().toUtf8();
        }
        const Outcome actual = run_entry(engine, entry, corpus);
        QString failure;
        if (actual.kind != expected_kind) {
            failure =
                QStringLiteral("expected %1, got %2: %3")
                    .arg(expected_kind, actual.kind, QString::fromUtf8(actual.text.left(200)));
        } else {
            failure = first_difference(expected, actual.text);
        }
        tally.record(name, name, failure);
    }
    const int unexpected = tally.finish();
    QVERIFY2(tally.total() > 0, "the manifest lists no calls");
    QVERIFY2(unexpected == 0,
             qPrintable(QStringLiteral("%1 unexpected result(s)").arg(unexpected)));
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    TestParityTreesitter test;
    return parity_test_main(test, argc, argv);
}

#include "test_parity_treesitter.moc"
