// generate_o200k_ranks, the build-time tool that turns tiktoken's o200k_base encoder into the
// const tables the token counter reads: it reproduces the build's tables from the pinned encoder,
// reads both of tiktoken's rank forms alike, and refuses encoders the tables cannot hold.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exit_code = -1;
    QByteArray err;
};

Run generate(const QStringList& arguments) {
    QProcess process;
    process.start(qEnvironmentVariable("LAPCE_AI_O200K_GENERATOR"), arguments);
    if (!process.waitForFinished(300'000)) return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardError()};
}

QByteArray read_file(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void write_file(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

// An encoder of every single byte (ranks 0..255) and `extra` multi-byte tokens after them, in
// tiktoken's plain form ("<base64> <rank>" lines) or its compressed form ("! <first rank>
// <base64> ..." runs of consecutive ranks).
QByteArray encoder(const QList<QByteArray>& extra, bool compressed) {
    QList<QByteArray> tokens;
    for (int byte = 0; byte < 256; ++byte) tokens.append(QByteArray(1, char(byte)));
    tokens.append(extra);
    QByteArray ranks;
    if (compressed) {
        // Two runs, split in the middle, as a long table is.
        const qsizetype half = tokens.size() / 2;
        ranks += "! 0";
        for (qsizetype i = 0; i < half; ++i) ranks += ' ' + tokens[i].toBase64();
        ranks += "\n! " + QByteArray::number(half);
        for (qsizetype i = half; i < tokens.size(); ++i) ranks += ' ' + tokens[i].toBase64();
        ranks += '\n';
    } else {
        // Out of rank order: the tool sorts by rank.
        for (qsizetype i = tokens.size() - 1; i >= 0; --i)
            ranks += tokens[i].toBase64() + ' ' + QByteArray::number(i) + '\n';
    }
    return "{\"pat_str\":\"a?\\\\d+\",\"special_tokens\":{},\"bpe_ranks\":\"" +
           ranks.replace("\n", "\\n") + "\"}";
}

}  // namespace

class TestO200kRankGenerator : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void the_pinned_encoder_gives_the_tables_the_build_compiled() {
        QTemporaryDir dir;
        const QString output = dir.filePath(QStringLiteral("tables.cpp"));
        const Run run = generate({qEnvironmentVariable("LAPCE_AI_O200K_ENCODER_JSON"), output});
        QCOMPARE(run.exit_code, 0);
        QCOMPARE(run.err, QByteArray());
        const QByteArray built = read_file(qEnvironmentVariable("LAPCE_AI_O200K_TABLES_CPP"));
        QVERIFY(!built.isEmpty());
        QVERIFY(read_file(output) == built);
        // Written through a temporary name that is gone afterwards.
        QVERIFY(!QFile::exists(output + QStringLiteral(".tmp")));
    }

    void plain_and_compressed_ranks_give_the_same_tables() {
        QTemporaryDir dir;
        const QList<QByteArray> extra = {"ab", "abc", QByteArray("\x00\xff", 2)};
        write_file(dir.filePath(QStringLiteral("plain.json")), encoder(extra, false));
        write_file(dir.filePath(QStringLiteral("compressed.json")), encoder(extra, true));
        QCOMPARE(generate({dir.filePath(QStringLiteral("plain.json")),
                           dir.filePath(QStringLiteral("plain.cpp"))})
                     .exit_code,
                 0);
        QCOMPARE(generate({dir.filePath(QStringLiteral("compressed.json")),
                           dir.filePath(QStringLiteral("compressed.cpp"))})
                     .exit_code,
                 0);
        const QByteArray tables = read_file(dir.filePath(QStringLiteral("plain.cpp")));
        QCOMPARE(read_file(dir.filePath(QStringLiteral("compressed.cpp"))), tables);
        // "?" and "\" are written as octal escapes (no trigraphs, no escape to misread).
        QVERIFY(tables.contains("constexpr char pat_str[] =\n    \"a\\077\\134d+\";"));
        // The bytes of rank n start at offset n: 256 single bytes, then "ab", "abc", "\0\xff".
        QVERIFY(tables.contains(" 255, 256, 258, 261, 263,\n};"));
    }

    void encoders_the_tables_cannot_hold_are_refused() {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("encoder.json"));
        const QString output = dir.filePath(QStringLiteral("out.cpp"));
        const auto refusal = [&](const QByteArray& json) {
            write_file(input, json);
            const Run run = generate({input, output});
            return run.exit_code == 1 ? run.err
                                      : QByteArray("exit ") + QByteArray::number(run.exit_code);
        };
        QCOMPARE(generate({input}).err,
                 QByteArray("generate_o200k_ranks: usage: generate_o200k_ranks <o200k_base.json> "
                            "<output.cpp>\n"));
        QCOMPARE(generate({dir.filePath(QStringLiteral("absent.json")), output}).err,
                 "generate_o200k_ranks: cannot read " +
                     dir.filePath(QStringLiteral("absent.json")).toUtf8() + '\n');
        QCOMPARE(refusal("[1]"), "generate_o200k_ranks: " + input.toUtf8() +
                                     ": not a JSON object (no error occurred)\n");
        QCOMPARE(
            refusal("{\"pat_str\":\"x\",\"bpe_ranks\":\"YQ== x\"}"),
            "generate_o200k_ranks: " + input.toUtf8() + ": no pat_str or unreadable bpe_ranks\n");
        QCOMPARE(refusal("{\"pat_str\":\"x\",\"bpe_ranks\":\"YQ== 0\\nYg== 2\"}"),
                 QByteArray("generate_o200k_ranks: the ranks are not 0..1 (rank 2 at 1)\n"));
        QCOMPARE(refusal("{\"pat_str\":\"x\",\"bpe_ranks\":\"YQ== 0\\nYWI= 1\"}"),
                 QByteArray("generate_o200k_ranks: not every single byte is a token\n"));
        QCOMPARE(refusal(encoder({"ab", "ab"}, false)),
                 QByteArray("generate_o200k_ranks: a token has two ranks\n"));
        QVERIFY(!QFile::exists(output));
    }
};

QTEST_GUILESS_MAIN(TestO200kRankGenerator)
#include "test_o200k_rank_generator.moc"
