// Parity of the prompt layer with the TypeScript reference: every case under
// <golden>/prompts is rebuilt by our code and compared byte for byte. A second suite runs the
// cases that depend on the product identity with the kilo profile: the same cases with the
// identity mapped in the inputs, the fixtures and the expected text.

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTest>
#include <cstdio>
#include <exception>
#include <functional>

#include "golden_case.h"
#include "prompt_case_runner.h"
#include "source_dir.h"

using namespace lapce_ai;
using namespace lapce_ai::parity;

namespace {

struct Suite {
    QString name;
    const prompts::IdentityProfile* profile;
    std::function<bool(const GoldenCase&)> selects;
    std::function<GoldenCase(const GoldenCase&)> map_case;  // inputs and expected text
    FixtureRename rename_fixture;
    QString known_failures_file;
};

// False when the golden data is missing; `unexpected` counts the unexpected results.
bool run_suite(const Suite& suite, int& unexpected) {
    const QString golden = golden_dir();
    if (golden.isEmpty()) {
        std::printf("SKIPPED: golden data not found (set LAPCE_AI_GOLDEN_DIR)\n");
        return false;
    }
    ParityTally tally(suite.name, suite.known_failures_file);
    for (const GoldenCase& original : discover_golden_cases(golden + QStringLiteral("/prompts"))) {
        if (!suite.selects(original)) continue;
        const GoldenCase golden_case = suite.map_case(original);
        QString failure;
        const PromptCaseRunner runner = find_prompt_case_runner(golden_case);
        if (!runner) {
            failure = QStringLiteral("no runner for category ") + golden_case.category;
        } else {
            try {
                const VirtualFilesystem filesystem(golden_case, suite.rename_fixture);
                const auto environment =
                    pinned_environment(golden_case, filesystem, *suite.profile);
                const std::string actual =
                    filesystem.to_virtual(runner(golden_case, filesystem, environment));
                failure = first_difference(golden_case.expected, QByteArray::fromStdString(actual));
            } catch (const std::exception& error) {
                failure = QStringLiteral("error: ") + QString::fromUtf8(error.what());
            }
        }
        tally.record(golden_case.category + QLatin1Char('/') + golden_case.id, golden_case.id,
                     failure);
    }
    unexpected = tally.finish();
    return tally.total() > 0;
}

// The kilo identity: its assistant name, configuration folder and legacy rule files.
std::string kilo_text(std::string text) {
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"You are Roo,", "You are Kilo Code,"},
          {"/.roo/", "/.kilocode/"},
          {"# Rules from .roorules", "# Rules from .kilocoderules"}}) {
        for (std::size_t at = text.find(from); at != std::string::npos;
             at = text.find(from, at + to.size())) {
            text.replace(at, from.size(), to);
        }
    }
    return text;
}

std::string kilo_fixture_name(const std::string& name) {
    if (name == ".roo") return ".kilocode";
    if (name.starts_with(".roorules")) return ".kilocoderules" + name.substr(9);
    return name;
}

GoldenCase kilo_case(const GoldenCase& original) {
    GoldenCase mapped = original;
    const std::string json = QJsonDocument(original.json).toJson().toStdString();
    mapped.json = QJsonDocument::fromJson(QByteArray::fromStdString(kilo_text(json))).object();
    mapped.expected = QByteArray::fromStdString(kilo_text(original.expected.toStdString()));
    return mapped;
}

bool depends_on_identity(const GoldenCase& golden_case) {
    return golden_case.category == QLatin1String("system-prompt") ||
           golden_case.category == QLatin1String("system-prompt-matrix") ||
           golden_case.category == QLatin1String("custom-instructions");
}

}  // namespace

class TestParityPrompts : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void every_golden_prompt_case_matches_byte_for_byte();
    void identity_dependent_cases_match_with_the_kilo_profile();
};

void TestParityPrompts::every_golden_prompt_case_matches_byte_for_byte() {
    int unexpected = 0;
    const Suite suite{
        QStringLiteral("prompts"),
        &prompts::default_identity_profile(),
        [](const GoldenCase&) { return true; },
        [](const GoldenCase& golden_case) { return golden_case; },
        nullptr,
        testing::source_path(QStringLiteral("tests/parity/prompts/known_failures.txt"))};
    if (!run_suite(suite, unexpected)) QSKIP("golden data not found: set LAPCE_AI_GOLDEN_DIR");
    QVERIFY2(unexpected == 0,
             qPrintable(QStringLiteral("%1 unexpected result(s)").arg(unexpected)));
}

void TestParityPrompts::identity_dependent_cases_match_with_the_kilo_profile() {
    const prompts::IdentityProfile* kilo = prompts::find_identity_profile("kilo");
    QVERIFY(kilo);
    int unexpected = 0;
    const Suite suite{QStringLiteral("prompts-kilo"),
                      kilo,
                      depends_on_identity,
                      kilo_case,
                      kilo_fixture_name,
                      QString()};
    if (!run_suite(suite, unexpected)) QSKIP("golden data not found: set LAPCE_AI_GOLDEN_DIR");
    QVERIFY2(unexpected == 0,
             qPrintable(QStringLiteral("%1 unexpected result(s)").arg(unexpected)));
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    TestParityPrompts test;
    return parity_test_main(test, argc, argv);
}

#include "test_parity_prompts.moc"
