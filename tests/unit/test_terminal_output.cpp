// Terminal.compressTerminalOutput and its helpers (truncateOutput, applyRunLengthEncoding,
// processCarriageReturns, processBackspaces). Every expected value is what the reference's
// functions return under Node 20, encoded to UTF-8 as Node does (a lone surrogate: U+FFFD).

#include <QTest>

#include "environment/terminal_output.h"
#include "js_utf16.h"

using namespace lapce_ai::prompts;

namespace {

std::string numbered_lines(int count) {
    std::string text;
    for (int i = 1; i <= count; ++i) {
        if (i > 1) text += '\n';
        text += "line" + std::to_string(i);
    }
    return text;
}

std::string repeat(std::string_view text, int times) {
    std::string result;
    for (int i = 0; i < times; ++i) result += text;
    return result;
}

}  // namespace

class TestTerminalOutput : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void utf16_conversion_replaces_what_node_replaces();
    void truncate_by_line_limit_keeps_a_fifth_before_and_the_rest_after();
    void truncate_by_line_limit_rereads_a_leading_line_feed();
    void truncate_by_character_limit_counts_utf16_code_units();
    void character_limit_takes_priority_over_line_limit();
    void run_length_encoding_compresses_only_when_shorter();
    void run_length_encoding_weighs_the_final_run_by_its_repeats();
    void carriage_returns_overwrite_like_a_progress_bar();
    void carriage_returns_replace_a_cut_surrogate_pair_with_a_space();
    void backspaces_remove_the_code_unit_before_them();
    void compress_terminal_output_chains_the_steps();
    void compress_terminal_output_defaults_to_fifty_thousand_characters();
};

void TestTerminalOutput::utf16_conversion_replaces_what_node_replaces() {
    QCOMPARE(utf8_to_utf16("h\xC3\xA9\xF0\x9F\x98\x80"), std::u16string(u"h\u00e9\U0001F600"));
    // Buffer.from([0xe2, 0x82, 0x41, 0xff, 0xf0, 0x9f]).toString(): one U+FFFD per maximal
    // subpart.
    QCOMPARE(utf8_to_utf16("\xE2\x82"
                           "A\xFF\xF0\x9F"),
             std::u16string(u"\uFFFDA\uFFFD\uFFFD"));
    QCOMPARE(utf8_to_utf16("\xED\xA0\x80"), std::u16string(u"\uFFFD\uFFFD\uFFFD"));
    const std::u16string lone = {u'a', char16_t(0xD83D), u'b', char16_t(0xDE00)};
    QCOMPARE(utf16_to_utf8(lone), std::string("a\uFFFDb\uFFFD"));
    QCOMPARE(utf16_to_utf8(u"\U0001F600"), std::string("\U0001F600"));
}

void TestTerminalOutput::truncate_by_line_limit_keeps_a_fifth_before_and_the_rest_after() {
    QCOMPARE(truncate_output(numbered_lines(25), 10),
             std::string("line1\nline2\n\n[...15 lines omitted...]\n\nline18\nline19\nline20\n"
                         "line21\nline22\nline23\nline24\nline25"));
    // A final line feed starts one more (empty) line.
    QCOMPARE(truncate_output(numbered_lines(25) + "\n", 10),
             std::string("line1\nline2\n\n[...16 lines omitted...]\n\nline19\nline20\nline21\n"
                         "line22\nline23\nline24\nline25\n"));
    QCOMPARE(truncate_output(numbered_lines(5), 5), numbered_lines(5));
    // Math.floor(3 * 0.2) = 0 lines before.
    QCOMPARE(truncate_output(numbered_lines(6), 3),
             std::string("\n[...3 lines omitted...]\n\nline4\nline5\nline6"));
    QCOMPARE(truncate_output(numbered_lines(30)), numbered_lines(30));
}

void TestTerminalOutput::truncate_by_line_limit_rereads_a_leading_line_feed() {
    // lastIndexOf("\n", -1) searches from 0, so a line feed at index 0 counts again.
    QCOMPARE(truncate_output(std::string("\n\n\nabc"), 2),
             std::string("\n[...2 lines omitted...]\n\n\nabc"));
    QCOMPARE(truncate_output(std::string("\nA\nB\nC\nD"), 3),
             std::string("\n[...2 lines omitted...]\n\nB\nC\nD"));
}

void TestTerminalOutput::truncate_by_character_limit_counts_utf16_code_units() {
    const std::string astral = repeat("x\U0001F600", 10);  // 30 code units
    // The first 2 code units end inside a surrogate pair: JavaScript keeps half of it.
    QCOMPARE(
        truncate_output(astral, 0, 10),
        std::string("x\uFFFD\n[...20 characters omitted...]\n\U0001F600x\U0001F600x\U0001F600"));
    QCOMPARE(truncate_output(astral, 0, 9),
             std::string("x\n[...21 characters omitted...]\n\U0001F600x\U0001F600x\U0001F600"));
    QCOMPARE(
        truncate_output(std::string("h\u00e9llo w\u00f6rld \u65e5\u672c\u8a9e\u30c6\u30ad"
                                    "\u30b9\u30c8 \U0001F600 end"),
                        100, 12),
        std::string("h\u00e9\n[...14 characters omitted...]\n\u30ad\u30b9\u30c8 \U0001F600 end"));
}

void TestTerminalOutput::character_limit_takes_priority_over_line_limit() {
    QCOMPARE(truncate_output(std::string(20, 'A') + "\n" + std::string(20, 'B'), 1, 10),
             std::string("AA\n[...31 characters omitted...]\nBBBBBBBB"));
}

void TestTerminalOutput::run_length_encoding_compresses_only_when_shorter() {
    QCOMPARE(apply_run_length_encoding(std::string("a\na\na\na\na\nb\n")),
             std::string("a\na\na\na\na\nb\n"));
    const std::string line = "This is a fairly long repeated line of output text\n";
    QCOMPARE(apply_run_length_encoding(repeat(line, 4) + "end\n"),
             line + "<previous line repeated 3 additional times>\nend\n");
    QCOMPARE(apply_run_length_encoding(std::string("x\nx")), std::string("x\nx"));
    QCOMPARE(apply_run_length_encoding(std::string()), std::string());
}

void TestTerminalOutput::run_length_encoding_weighs_the_final_run_by_its_repeats() {
    const std::string line = "This is a fairly long repeated line of output text\n";
    QCOMPARE(apply_run_length_encoding("start\n" + repeat(line, 3)),
             "start\n" + line + "<previous line repeated 2 additional times>\n");
    // 45 description characters against 2 * 24 in the middle, but 1 * 24 at the end.
    const std::string short_line = "abcdefghijklmnopqrstuvw\n";
    QCOMPARE(apply_run_length_encoding(repeat(short_line, 2) + "end"),
             short_line + "<previous line repeated 1 additional times>\nend");
    QCOMPARE(apply_run_length_encoding("start\n" + repeat(short_line, 2)),
             "start\n" + repeat(short_line, 2));
}

void TestTerminalOutput::carriage_returns_overwrite_like_a_progress_bar() {
    QCOMPARE(process_carriage_returns(
                 std::string("Progress: 10%\rProgress: 50%\rProgress: 100%\nDone\n")),
             std::string("Progress: 100%\nDone\n"));
    QCOMPARE(process_carriage_returns(std::string("abcdef\rXY\rZ")), std::string("ZYcdef"));
    QCOMPARE(process_carriage_returns(std::string("abc\r\nnext\r")), std::string("abc\nnext"));
    QCOMPARE(process_carriage_returns(std::string("plain\ntext")), std::string("plain\ntext"));
}

void TestTerminalOutput::carriage_returns_replace_a_cut_surrogate_pair_with_a_space() {
    // Overwriting the high half: a space replaces it.
    QCOMPARE(process_carriage_returns(std::string("\U0001F600\U0001F600\rX")),
             std::string("X \U0001F600"));
    // A high surrogate at the overwrite position: the space replaces only it, its low half
    // stays alone.
    QCOMPARE(process_carriage_returns(std::string("ab\U0001F600c\rXY")), std::string("XY \uFFFDc"));
    // A segment ending in a high surrogate (only possible in a JavaScript string).
    const std::u16string input = {
        u'a', u'b', u'c', u'd', u'e', u'f', u'\r', u'X', char16_t(0xD83D)};
    QCOMPARE(utf16_to_utf8(process_carriage_returns(std::u16string_view(input))),
             std::string("X\uFFFD def"));
}

void TestTerminalOutput::backspaces_remove_the_code_unit_before_them() {
    QCOMPARE(process_backspaces(std::string("abc\b\bd")), std::string("ad"));
    QCOMPARE(process_backspaces(std::string("Loading |\b/\b-\b\\\bdone")),
             std::string("Loading done"));
    QCOMPARE(process_backspaces(std::string("\bab")), std::string("ab"));
    QCOMPARE(process_backspaces(std::string("ab\b\b\b\bc")), std::string("c"));
    // One code unit: half of the emoji stays.
    QCOMPARE(process_backspaces(std::string("x\U0001F600\by")), std::string("x\uFFFDy"));
}

void TestTerminalOutput::compress_terminal_output_chains_the_steps() {
    QCOMPARE(compress_terminal_output("Downloading 10%\rDownloading 100%\nok\nok\nok\nok\nx\by\n",
                                      500, 50000),
             std::string("Downloading 100%\nok\nok\nok\nok\ny\n"));
    QCOMPARE(compress_terminal_output("a\rb\nc\bd", 500, 50000, false), std::string("a\rb\nc\bd"));
}

void TestTerminalOutput::compress_terminal_output_defaults_to_fifty_thousand_characters() {
    const std::string output(60000, 'a');
    QCOMPARE(
        compress_terminal_output(output, 500),
        std::string(10000, 'a') + "\n[...10000 characters omitted...]\n" + std::string(40000, 'a'));
    QCOMPARE(compress_terminal_output(output, 0, 0), output);  // 0: no limit at all
}

QTEST_APPLESS_MAIN(TestTerminalOutput)
#include "test_terminal_output.moc"
