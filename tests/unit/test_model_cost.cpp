// API cost from model prices (src/shared/cost.ts), translated from the reference's
// src/utils/__tests__/cost.spec.ts.

#include <QTest>

#include "cost.h"
#include "ordered_json.h"
#include "test_json.h"

using namespace lapce_ai::providers;
using lapce_ai::json::OrderedJson;
using lapce_ai::json::parse_ordered_json;

namespace {

ModelInfo model_info(std::string_view text) {
    return ModelInfo(lapce_ai::testing::parse_test_json(text));
}

const ModelInfo priced = model_info(
    R"({"maxTokens":8192,"contextWindow":200000,"supportsPromptCache":true,"inputPrice":3.0,)"
    R"("outputPrice":15.0,"cacheWritesPrice":3.75,"cacheReadsPrice":0.3})");
const ModelInfo unpriced =
    model_info(R"({"maxTokens":8192,"contextWindow":200000,"supportsPromptCache":true})");
const ModelInfo without_cache_prices =
    model_info(R"({"maxTokens":8192,"contextWindow":200000,"supportsPromptCache":true,)"
               R"("inputPrice":3.0,"outputPrice":15.0})");

}  // namespace

class TestModelCost : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void anthropic_prices_input_and_output();
    void anthropic_adds_cache_writes();
    void anthropic_adds_cache_reads();
    void anthropic_adds_all_components();
    void anthropic_missing_prices_cost_nothing();
    void anthropic_zero_tokens_cost_nothing();
    void anthropic_missing_cache_prices_count_only_input_and_output();
    void openai_prices_input_and_output();
    void openai_subtracts_cache_writes_from_input();
    void openai_subtracts_cache_reads_from_input();
    void openai_subtracts_both_and_adds_all_components();
    void openai_missing_prices_cost_nothing();
    void openai_zero_tokens_cost_nothing();
    void openai_missing_cache_prices_count_only_input_and_output();
    void openai_input_below_cached_tokens_is_not_negative();
    void results_keep_javascripts_order_of_operations();
    void api_prices_parse_like_parse_float();
};

void TestModelCost::anthropic_prices_input_and_output() {
    QCOMPARE(calculate_api_cost_anthropic(priced, 1000, 500), 0.0105);
}

void TestModelCost::anthropic_adds_cache_writes() {
    QVERIFY(std::abs(calculate_api_cost_anthropic(priced, 1000, 500, 2000) - 0.018) < 5e-7);
}

void TestModelCost::anthropic_adds_cache_reads() {
    QCOMPARE(calculate_api_cost_anthropic(priced, 1000, 500, std::nullopt, 3000), 0.0114);
}

void TestModelCost::anthropic_adds_all_components() {
    QCOMPARE(calculate_api_cost_anthropic(priced, 1000, 500, 2000, 3000), 0.0189);
}

void TestModelCost::anthropic_missing_prices_cost_nothing() {
    QCOMPARE(calculate_api_cost_anthropic(unpriced, 1000, 500, 2000, 3000), 0.0);
}

void TestModelCost::anthropic_zero_tokens_cost_nothing() {
    QCOMPARE(calculate_api_cost_anthropic(priced, 0, 0, 0, 0), 0.0);
}

void TestModelCost::anthropic_missing_cache_prices_count_only_input_and_output() {
    QCOMPARE(calculate_api_cost_anthropic(without_cache_prices, 1000, 500, 2000, 3000), 0.0105);
}

void TestModelCost::openai_prices_input_and_output() {
    QCOMPARE(calculate_api_cost_openai(priced, 1000, 500), 0.0105);
}

void TestModelCost::openai_subtracts_cache_writes_from_input() {
    QVERIFY(std::abs(calculate_api_cost_openai(priced, 3000, 500, 2000) - 0.018) < 5e-7);
}

void TestModelCost::openai_subtracts_cache_reads_from_input() {
    QCOMPARE(calculate_api_cost_openai(priced, 4000, 500, std::nullopt, 3000), 0.0114);
}

void TestModelCost::openai_subtracts_both_and_adds_all_components() {
    QCOMPARE(calculate_api_cost_openai(priced, 6000, 500, 2000, 3000), 0.0189);
}

void TestModelCost::openai_missing_prices_cost_nothing() {
    QCOMPARE(calculate_api_cost_openai(unpriced, 1000, 500, 2000, 3000), 0.0);
}

void TestModelCost::openai_zero_tokens_cost_nothing() {
    QCOMPARE(calculate_api_cost_openai(priced, 0, 0, 0, 0), 0.0);
}

void TestModelCost::openai_missing_cache_prices_count_only_input_and_output() {
    QCOMPARE(calculate_api_cost_openai(without_cache_prices, 6000, 500, 2000, 3000), 0.0105);
}

void TestModelCost::openai_input_below_cached_tokens_is_not_negative() {
    // Math.max(0, 100 - 2000 - 3000): only the cache tokens and the output are priced.
    QCOMPARE(calculate_api_cost_openai(priced, 100, 0, 2000, 3000),
             (3.75 / 1'000'000) * 2000 + (0.3 / 1'000'000) * 3000 + 0.0 + 0.0);
}

void TestModelCost::results_keep_javascripts_order_of_operations() {
    // Values node prints for these calls (cache writes + cache reads + input + output, each
    // price divided by 1e6 before multiplying): exact doubles, not merely close ones.
    const ModelInfo odd = model_info(
        R"({"contextWindow":1,"inputPrice":0.15,"outputPrice":0.6,"cacheWritesPrice":1.25,)"
        R"("cacheReadsPrice":0.0375})");
    QCOMPARE(calculate_api_cost_anthropic(odd, 1234, 567, 89, 10),
             ((1.25 / 1e6) * 89 + (0.0375 / 1e6) * 10) + (0.15 / 1e6) * 1234 + (0.6 / 1e6) * 567);
    QCOMPARE(calculate_api_cost_anthropic(odd, 1234, 567, 89, 10), 0.000636925);
}

void TestModelCost::api_prices_parse_like_parse_float() {
    QCOMPARE(parse_api_price(OrderedJson::string("0.000003")), 3.0);
    QCOMPARE(parse_api_price(OrderedJson::number(0.000015)), 15.0);
    QCOMPARE(parse_api_price(OrderedJson::string("2.5e-7abc")), 2.5e-7 * 1'000'000);
    QVERIFY(!parse_api_price(OrderedJson::string("")));
    QVERIFY(!parse_api_price(OrderedJson::number(0)));
    QVERIFY(!parse_api_price(OrderedJson()));
    QVERIFY(std::isnan(*parse_api_price(OrderedJson::string("free"))));
}

QTEST_APPLESS_MAIN(TestModelCost)
#include "test_model_cost.moc"
