// Token counting as the reference does it (src/utils/tiktoken.ts, npm tiktoken 1.0.21): the
// expected token ids, counts and FNV-1a hashes of ids were produced once by the pinned package
// under Node.js (encode(text, undefined, []) as the reference calls it).

#include <QFile>
#include <QTest>

#include <cstdint>
#include <string>
#include <vector>

#include "byte_pair_merge.h"
#include "golden_case.h"
#include "o200k_encoder.h"
#include "o200k_rank_tables.h"
#include "test_json.h"
#include "tiktoken.h"

using namespace lapce_ai::providers;
using lapce_ai::json::OrderedJson;
using lapce_ai::json::parse_ordered_json;

namespace {

struct EncodeCase {
    const char* name;
    const char* text;
    std::vector<std::uint32_t> ids;
};

const std::vector<EncodeCase>& encode_cases() {
    static const std::vector<EncodeCase> cases = {
#include "test_tiktoken_rows.inc"
    };
    return cases;
}

// FNV-1a (32 bit) over token ids, as the Node.js side computed it: h = (h ^ id) * 16777619.
std::uint32_t fnv1a(const std::vector<std::uint32_t>& ids, std::uint32_t hash = 2166136261U) {
    for (const auto id : ids) {
        hash = (hash ^ id) * 16777619U;
    }
    return hash;
}

OrderedJson json(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

std::string tiktoken_result(std::string_view content) {
    const auto result = tiktoken(json(content));
    if (!result) {
        return result.error().name() + ": " + result.error().message();
    }
    return QByteArray::number(*result).toStdString();
}

QString golden_providers_file(const QString& relative) {
    const auto dir = lapce_ai::parity::golden_dir();
    return dir.isEmpty() ? QString() : dir + QStringLiteral("/") + relative;
}

}  // namespace

class TestTiktoken : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void the_package_pattern_is_the_one_the_pcre2_pattern_was_derived_from();
    void every_token_is_found_by_its_bytes();
    void encodes_like_the_pinned_tiktoken_data();
    void encodes_like_the_pinned_tiktoken();
    void counts_without_building_the_list();
    void every_code_point_splits_and_merges_like_tiktoken();
    void long_runs_are_pre_tokenised_to_the_end();
    void golden_system_prompts_encode_like_tiktoken();
    void counts_text_and_image_blocks_with_the_fudge_factor();
    void other_blocks_and_missing_text_count_nothing();
    void lone_surrogates_count_as_replacement_characters();
    void malformed_content_fails_like_the_reference();
    void count_tokens_golden_case_is_answered_by_the_api_not_tiktoken();
};

void TestTiktoken::the_package_pattern_is_the_one_the_pcre2_pattern_was_derived_from() {
    // o200k_encoder.cpp adapts this pattern to PCRE2; a new package version with another
    // pattern needs that adaptation redone.
    QCOMPARE(
        o200k_rank_tables().pat_str,
        std::string_view(
            R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)"));
    QCOMPARE(o200k_rank_tables().rank_slots.size(), std::size_t(1) << 19);
    QCOMPARE(o200k_rank_tables().token_offsets.size(), std::size_t(199999));
}

void TestTiktoken::every_token_is_found_by_its_bytes() {
    const auto& tables = o200k_rank_tables();
    for (std::uint32_t rank = 0; rank + 1 < tables.token_offsets.size(); ++rank) {
        const auto begin = tables.token_offsets[rank];
        const auto bytes = tables.token_bytes.substr(begin, tables.token_offsets[rank + 1] - begin);
        if (o200k_rank_of(bytes) != rank) {
            QFAIL(qPrintable(QStringLiteral("token %1 is not found").arg(rank)));
        }
    }
    QCOMPARE(o200k_rank_of("Hello"), std::optional<std::uint32_t>(13225));
    QCOMPARE(o200k_rank_of("not a token at all"), std::optional<std::uint32_t>());
}

void TestTiktoken::encodes_like_the_pinned_tiktoken_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < encode_cases().size(); ++i) {
        QTest::newRow(encode_cases()[i].name) << static_cast<int>(i);
    }
}

void TestTiktoken::encodes_like_the_pinned_tiktoken() {
    QFETCH(int, index);
    const auto& row = encode_cases()[static_cast<std::size_t>(index)];
    QCOMPARE(O200kEncoder::shared().o200k_encode(row.text), row.ids);
}

void TestTiktoken::counts_without_building_the_list() {
    for (const auto& row : encode_cases()) {
        QCOMPARE(O200kEncoder::shared().o200k_count(row.text), row.ids.size());
    }
    QCOMPARE(O200kEncoder::shared().o200k_count(""), std::size_t(0));
}

void TestTiktoken::every_code_point_splits_and_merges_like_tiktoken() {
    // Every code point but the surrogates, in blocks of 256, each inside letters, digits, an
    // apostrophe and whitespace: this pins the regex classes (\p{L}, \p{N}, \s ...) to the
    // Rust regex engine's.
    std::uint32_t hash = 2166136261U;
    std::size_t count = 0;
    for (char32_t block = 0; block < 0x1100; ++block) {
        std::u32string text;
        for (char32_t cp = block * 256; cp < block * 256 + 256; ++cp) {
            if (cp >= 0xD800 && cp < 0xE000) continue;
            const std::u32string c(1, cp);
            text += c + U"a" + c + c + U"A'S" + c + U"1 " + c + U"\n " + c;
        }
        const auto utf8 =
            QString::fromUcs4(text.data(), static_cast<qsizetype>(text.size())).toUtf8();
        const auto ids = O200kEncoder::shared().o200k_encode(utf8.toStdString());
        hash = fnv1a(ids, hash);
        count += ids.size();
    }
    QCOMPARE(count, std::size_t(32857144));
    QCOMPARE(hash, 1795517051U);
}

void TestTiktoken::long_runs_are_pre_tokenised_to_the_end() {
    // Long single pieces (byte-pair merged whole, quadratic as in tiktoken) and long runs the
    // regex backtracks over: no match limit of PCRE2 may cut them short.
    const auto repeat = [](std::string_view unit, int times) {
        std::string text;
        for (int i = 0; i < times; ++i) text += unit;
        return text;
    };
    const auto count = [](const std::string& text) {
        return O200kEncoder::shared().o200k_count(text);
    };
    QCOMPARE(count(repeat(" ", 20000) + "x"), std::size_t(158));
    QCOMPARE(count(repeat("a", 20000)), std::size_t(2500));
    QCOMPARE(count(repeat("数据", 2000)), std::size_t(2000));
    QCOMPARE(count(repeat("1234567890", 20000)), std::size_t(66667));
    QCOMPARE(count(repeat("\n", 10000) + "x"), std::size_t(626));
    QCOMPARE(count(repeat(" \t\n", 4000)), std::size_t(4000));
    QCOMPARE(count(repeat("!@#", 4000)), std::size_t(8001));
}

void TestTiktoken::golden_system_prompts_encode_like_tiktoken() {
    struct PromptCase {
        const char* file;
        std::size_t count;
        std::uint32_t hash;
    };
    static const std::vector<PromptCase> prompts = {
#include "test_tiktoken_prompts.inc"
    };
    const auto dir = lapce_ai::parity::golden_dir();
    if (dir.isEmpty()) {
        QSKIP("golden data absent (set LAPCE_AI_GOLDEN_DIR): the system prompts are not checked");
    }
    for (const auto& prompt : prompts) {
        QFile file(dir + QStringLiteral("/prompts/system-prompt/") +
                   QString::fromUtf8(prompt.file));
        QVERIFY2(file.open(QIODevice::ReadOnly), prompt.file);
        const auto ids = O200kEncoder::shared().o200k_encode(file.readAll().toStdString());
        QVERIFY2(ids.size() == prompt.count && fnv1a(ids) == prompt.hash, prompt.file);
    }
}

void TestTiktoken::counts_text_and_image_blocks_with_the_fudge_factor() {
    // 3 tokens × 1.5 = 4.5 → 5.
    QCOMPARE(tiktoken_result(R"([{"type":"text","text":"Hello, world"}])"), std::string("5"));
    QCOMPARE(tiktoken_result("[]"), std::string("0"));
    // An image counts ceil(sqrt(length of its base64 data)) in UTF-16 units ("€" is one),
    // one without data 300: (300 + 3 + 2 + 1) × 1.5 = 459 ("😀" is 2 units, one token).
    QCOMPARE(tiktoken_result(R"([{"type":"image","source":{"type":"url","url":"http://x"}},)"
                             R"({"type":"image","source":{"data":"abcd€"}},)"
                             R"({"type":"image","source":{"data":"😀"}},)"
                             R"({"type":"text","text":"😀"}])"),
             std::string("459"));
    // A `data` without a length makes the count NaN, as in the reference.
    QCOMPARE(tiktoken_result(R"([{"type":"image","source":{"data":5}}])"), std::string("nan"));
}

void TestTiktoken::other_blocks_and_missing_text_count_nothing() {
    QCOMPARE(tiktoken_result(
                 R"([{"type":"image","source":{"type":"url","url":"http://x"}},)"
                 R"({"type":"tool_use","id":"a","name":"b","input":{}},{"type":"text"},)"
                 R"({"type":"image","source":{"data":"abcd€"}},{"type":"text","text":"😀"}])"),
             std::string("456"));
    QCOMPARE(
        tiktoken_result(
            R"([{"type":"text","text":5},{"type":"text","text":""},{"type":"text","text":null},)"
            R"({"type":"tool_result","content":"abc"},"text",7,{}])"),
        std::string("0"));
    QCOMPARE(tiktoken_result(R"("abc")"), std::string("0"));
}

void TestTiktoken::lone_surrogates_count_as_replacement_characters() {
    // TextEncoder turns each lone surrogate into U+FFFD: "\ufffdx\ufffd" is 3 tokens → 5.
    QCOMPARE(tiktoken_result(R"([{"type":"text","text":"\ud800x\udfff"}])"), std::string("5"));
    QCOMPARE(O200kEncoder::shared().o200k_encode("\uFFFDx\uFFFD"),
             (std::vector<std::uint32_t>{3251, 87, 3251}));
    // Given invalid UTF-8 directly, the encoder replaces each bad byte (QString::fromUtf8).
    QCOMPARE(O200kEncoder::shared().o200k_encode("\xED\xA0\x80"),
             O200kEncoder::shared().o200k_encode("\uFFFD\uFFFD\uFFFD"));
}

void TestTiktoken::malformed_content_fails_like_the_reference() {
    QCOMPARE(tiktoken_result("[null]"),
             std::string("TypeError: Cannot read properties of null (reading 'type')"));
    QCOMPARE(tiktoken_result(R"([{"type":"image","source":{"data":null}}])"),
             std::string("TypeError: Cannot read properties of null (reading 'length')"));
    QCOMPARE(tiktoken_result(R"([{"type":"text","text":["a"]}])"),
             std::string("TypeError: arg.charCodeAt is not a function"));
    QCOMPARE(tiktoken_result(R"({"a":1})"), std::string("TypeError: content is not iterable"));
    QCOMPARE(tiktoken_result("null"),
             std::string("TypeError: Cannot read properties of null (reading 'length')"));
}

void TestTiktoken::count_tokens_golden_case_is_answered_by_the_api_not_tiktoken() {
    // The only countTokens case (anthropic/count_tokens) expects the API's answer (11, from
    // /v1/messages/count_tokens); tiktoken, the anthropic handler's fallback, counts its
    // content differently. Image blocks are checked on image_input's user messages.
    const auto count_tokens =
        golden_providers_file(QStringLiteral("providers/anthropic/count_tokens.json"));
    const auto image_input =
        golden_providers_file(QStringLiteral("providers/anthropic/image_input.json"));
    if (count_tokens.isEmpty()) {
        QSKIP("golden data absent (set LAPCE_AI_GOLDEN_DIR): the golden contents are not counted");
    }
    QFile count_file(count_tokens);
    QVERIFY(count_file.open(QIODevice::ReadOnly));
    const auto count_case = json(count_file.readAll().toStdString());
    QCOMPARE(count_case.find("input")->find("action")->as_string(), std::string("countTokens"));
    QCOMPARE(count_case.find("expected_result")->as_number(), 11.0);
    const auto content_count = tiktoken(*count_case.find("input")->find("content"));
    QVERIFY(content_count);
    QCOMPARE(*content_count, 5.0);

    QFile image_file(image_input);
    QVERIFY(image_file.open(QIODevice::ReadOnly));
    const auto image_case = json(image_file.readAll().toStdString());
    std::vector<double> counts;
    for (const auto& message : image_case.find("input")->find("messages")->items()) {
        const auto* content = message.find("content");
        if (content->is_array()) {
            const auto count = tiktoken(*content);
            QVERIFY(count);
            counts.push_back(*count);
        }
    }
    QCOMPARE(counts, (std::vector<double>{62, 69}));
}

QTEST_GUILESS_MAIN(TestTiktoken)
#include "test_tiktoken.moc"
