// Parity of the prompt layer with the TypeScript reference: every case under
// <golden>/prompts is rebuilt by our code and compared byte for byte.

#include <QTest>
#include <cstdio>
#include <exception>

#include "golden_case.h"
#include "prompt_case_runner.h"

using namespace lapce_ai;
using namespace lapce_ai::parity;

class TestParityPrompts : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void every_golden_prompt_case_matches_byte_for_byte();
};

void TestParityPrompts::every_golden_prompt_case_matches_byte_for_byte() {
    const QString golden = golden_dir();
    if (golden.isEmpty()) {
        std::printf("SKIPPED: golden data not found (set LAPCE_AI_GOLDEN_DIR)\n");
        QSKIP("golden data not found: set LAPCE_AI_GOLDEN_DIR");
    }
    const auto cases = discover_golden_cases(golden + QStringLiteral("/prompts"));
    QVERIFY2(!cases.empty(), "no golden prompt cases found");
    const auto known = load_known_failures(QStringLiteral(LAPCE_AI_PARITY_PROMPTS_KNOWN_FAILURES));

    int passed = 0;
    QStringList unexpected;
    for (const GoldenCase& golden_case : cases) {
        QString failure;
        const PromptCaseRunner runner = find_prompt_case_runner(golden_case);
        if (!runner) {
            failure = QStringLiteral("no runner for category ") + golden_case.category;
        } else {
            try {
                const VirtualFilesystem filesystem(golden_case);
                const auto environment = pinned_environment(golden_case, filesystem,
                                                            prompts::default_identity_profile());
                const std::string actual =
                    filesystem.to_virtual(runner(golden_case, filesystem, environment));
                failure = first_difference(golden_case.expected, QByteArray::fromStdString(actual));
            } catch (const std::exception& error) {
                failure = QStringLiteral("error: ") + QString::fromUtf8(error.what());
            }
        }
        const QString name = golden_case.category + QLatin1Char('/') + golden_case.id;
        const bool listed = known.count(golden_case.id) > 0;
        if (failure.isEmpty()) {
            ++passed;
            if (listed)
                unexpected << name + QStringLiteral(": passes but is listed as a known failure");
        } else if (!listed) {
            unexpected << name + QStringLiteral(": ") + failure;
        }
    }
    for (const QString& line : unexpected) std::printf("FAIL %s\n", qPrintable(line));
    std::printf("parity prompts: %d/%d passed\n", passed, int(cases.size()));
    std::fflush(stdout);
    QVERIFY2(unexpected.isEmpty(),
             qPrintable(QStringLiteral("%1 unexpected result(s)").arg(unexpected.size())));
}

QTEST_GUILESS_MAIN(TestParityPrompts)
#include "test_parity_prompts.moc"
