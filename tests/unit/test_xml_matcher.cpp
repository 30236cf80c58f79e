// XmlMatcher: the reference's own cases (src/utils/__tests__/xml-matcher.spec.ts).
#include <QTest>

#include "xml_matcher.h"

using lapce_ai::providers::XmlMatcher;
using lapce_ai::providers::XmlMatcherResult;

namespace {

using Parts = std::vector<std::pair<bool, std::string>>;

Parts run(std::initializer_list<std::string_view> updates) {
    XmlMatcher matcher("think");
    Parts parts;
    auto take = [&](std::span<XmlMatcherResult> results) {
        for (XmlMatcherResult& result : results)
            parts.emplace_back(result.matched, std::move(result.data));
    };
    for (std::string_view update : updates) take(matcher.update(update));
    take(matcher.final());
    return parts;
}

}  // namespace

class TestXmlMatcher : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void a_tag_at_the_start_is_matched() {
        QCOMPARE(run({"<think>data</think>"}), (Parts{{true, "data"}}));
    }
    void spaces_inside_the_tag_are_allowed() {
        QCOMPARE(run({"< think >data</ think >"}), (Parts{{true, "data"}}));
    }
    void an_invalid_tag_is_text() {
        QCOMPARE(run({"< think 1>data</ think >"}), (Parts{{false, "< think 1>data</ think >"}}));
    }
    void an_anonymous_tag_is_text() { QCOMPARE(run({"<>data</>"}), (Parts{{false, "<>data</>"}})); }
    void a_tag_split_across_updates_is_matched() {
        QCOMPARE(run({"<thi", "nk", ">dat", "a</", "think>"}), (Parts{{true, "dat"}, {true, "a"}}));
    }
    void nested_tags_stay_inside() {
        QCOMPARE(run({"<think>X<think>Y</think>Z</think>"}), (Parts{{true, "X<think>Y</think>Z"}}));
    }
    void a_nested_invalid_closing_tag_is_content() {
        QCOMPARE(run({"<think>X<think>Y</thxink>Z</think>"}),
                 (Parts{{true, "X<think>Y</thxink>Z"}, {true, "</think>"}}));
    }
    void a_tag_after_the_first_character_is_text() {
        QCOMPARE(run({"1<think>data</think>"}), (Parts{{false, "1<think>data</think>"}}));
    }
    void an_unclosed_tag_keeps_its_content() {
        QCOMPARE(run({"<think>data"}), (Parts{{true, "data"}}));
    }
    void multibyte_characters_count_as_one_position() {
        QCOMPARE(run({"é<think>x</think>"}), (Parts{{false, "é<think>x</think>"}}));
        QCOMPARE(run({"<think>é</think>ü"}), (Parts{{true, "é"}, {false, "ü"}}));
    }
};

QTEST_APPLESS_MAIN(TestXmlMatcher)
#include "test_xml_matcher.moc"
