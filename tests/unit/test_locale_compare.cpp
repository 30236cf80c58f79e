// localeCompare through ICU (en-US). Expected values are what Node 20 returns for
// a.localeCompare(b, undefined, options).

#include <QTest>
#include <algorithm>
#include <string>
#include <vector>

#include "locale_compare.h"

using namespace lapce_ai::prompts;

namespace {

using Sensitivity = LocaleCompareOptions::Sensitivity;

int sign(int value) {
    return (value > 0) - (value < 0);
}

int compare(std::string_view a, std::string_view b, LocaleCompareOptions options) {
    return sign(locale_compare(a, b, options));
}

const LocaleCompareOptions kFilesList{.numeric = true, .sensitivity = Sensitivity::base};

}  // namespace

class TestLocaleCompare : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void base_ignores_accents_and_case();
    void numeric_compares_digit_runs_as_numbers();
    void punctuation_follows_the_root_collation_order();
    void sensitivities_map_like_ecma_402();
    void canonically_equivalent_strings_are_equal();
    void files_list_order();
};

void TestLocaleCompare::base_ignores_accents_and_case() {
    QCOMPARE(compare("r\u00e9sum\u00e9", "resume", kFilesList), 0);
    QCOMPARE(compare("README", "readme", kFilesList), 0);
    QCOMPARE(compare("\u00e4", "b", kFilesList), -1);
    QCOMPARE(compare("Z", "a", kFilesList), 1);
    QCOMPARE(compare("", "a", kFilesList), -1);
}

void TestLocaleCompare::numeric_compares_digit_runs_as_numbers() {
    QCOMPARE(compare("file2", "file10", kFilesList), -1);
    QCOMPARE(compare("file10", "file2", kFilesList), 1);
    QCOMPARE(compare("item-07", "item-7", kFilesList), 0);
    QCOMPARE(compare("file2", "file10", {}), 1);  // not numeric: "1" < "2"
}

void TestLocaleCompare::punctuation_follows_the_root_collation_order() {
    QCOMPARE(compare("a_b", "a-b", {}), -1);
    QCOMPARE(compare("a_b", "a-b", kFilesList), -1);
}

void TestLocaleCompare::sensitivities_map_like_ecma_402() {
    const LocaleCompareOptions accent{.sensitivity = Sensitivity::accent};
    const LocaleCompareOptions case_{.sensitivity = Sensitivity::case_};
    QCOMPARE(compare("r\u00e9sum\u00e9", "resume", accent), 1);
    QCOMPARE(compare("README", "readme", accent), 0);
    QCOMPARE(compare("README", "readme", case_), 1);
    QCOMPARE(compare("r\u00e9sum\u00e9", "resume", case_), 0);
    QCOMPARE(compare("a", "A", {}), -1);
    QCOMPARE(compare("a", "b", {}), -1);
}

void TestLocaleCompare::canonically_equivalent_strings_are_equal() {
    QCOMPARE(compare("e\u0301", "\u00e9", {}), 0);
}

void TestLocaleCompare::files_list_order() {
    std::vector<std::string> names = {"b", "A", "a", "B", "_x", "-x", "1", "10", "2"};
    std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return locale_compare(a, b, kFilesList) < 0;
    });
    QCOMPARE(names, (std::vector<std::string>{"_x", "-x", "1", "2", "10", "A", "a", "b", "B"}));
}

QTEST_APPLESS_MAIN(TestLocaleCompare)
#include "test_locale_compare.moc"
