// JavaScript behaviour that the responses and environment texts inherit and that the golden
// cases do not reach: toFixed ties, toISOString, Node's path functions and
// jsdiff's end-of-file markers. Expected values are what Node 20 and jsdiff 5.2.0 print.
// Also formatResponse called by name with IPC arguments (call_format_response): imageBlocks,
// formatFilesList with the controllers' lists, and the errors for arguments of the wrong type.

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "environment/reminder.h"
#include "js_string.h"
#include "node_path.h"
#include "responses/format_response.h"
#include "responses/format_response_call.h"

using namespace lapce_ai::prompts;

class TestPromptResponses : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void to_fixed_rounds_the_exact_binary_value_half_up();
    void iso_string_matches_date_to_iso_string();
    void node_path_relative_and_normalize_match_node();
    void pretty_patch_marks_a_missing_final_newline();
    void pretty_patch_of_equal_texts_is_empty();
    void files_list_of_nothing_says_no_files_found();
    void reminder_keeps_an_unknown_status_as_is();
    void image_blocks_call_splits_data_urls_into_base64_sources();
    void image_blocks_call_without_images_is_an_empty_list();
    void files_list_call_marks_ignored_and_write_protected_files();
    void files_list_call_hides_ignored_files_unless_asked();
    void files_list_call_truncation_note_follows_the_list();
    void call_rejects_arguments_of_the_wrong_type();
};

namespace {

QJsonObject object_of(const char* json) {
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

// The files of the formatFilesList calls: relative to /proj they sort files before directories.
QJsonObject files_list_args() {
    QJsonObject args;
    args.insert(QStringLiteral("absolutePath"), QStringLiteral("/proj"));
    args.insert(QStringLiteral("files"),
                QJsonArray{QStringLiteral("/proj/src/"), QStringLiteral("/proj/src/main.ts"),
                           QStringLiteral("/proj/secret.txt"), QStringLiteral("/proj/notes.md"),
                           QStringLiteral("/proj/b.txt")});
    // validateAccess / isWriteProtected receive path.resolve(absolutePath, relative): "src/"
    // resolves to "/proj/src".
    args.insert(QStringLiteral("rooIgnoredPaths"), QJsonArray{QStringLiteral("/proj/secret.txt")});
    args.insert(QStringLiteral("writeProtectedPaths"),
                QJsonArray{QStringLiteral("/proj/notes.md"), QStringLiteral("/proj/src")});
    return args;
}

std::string call_text(const char* name, const QJsonObject& args) {
    const auto result = call_format_response(name, args);
    if (!result) return "error: " + result.error();
    return result->text;
}

}  // namespace

void TestPromptResponses::to_fixed_rounds_the_exact_binary_value_half_up() {
    QCOMPARE(js_to_fixed(0.125, 2), std::string("0.13"));  // exact tie: the larger n
    QCOMPARE(js_to_fixed(1.005, 2), std::string("1.00"));  // 1.00499999...
    QCOMPARE(js_to_fixed(2.675, 2), std::string("2.67"));
    QCOMPARE(js_to_fixed(999.995, 2), std::string("1000.00"));
    QCOMPARE(js_to_fixed(0.0456, 2), std::string("0.05"));
    QCOMPARE(js_to_fixed(0, 2), std::string("0.00"));
    QCOMPARE(js_to_fixed(-0.001, 2), std::string("-0.00"));
    QCOMPARE(js_to_fixed(1e-7, 2), std::string("0.00"));
}

void TestPromptResponses::iso_string_matches_date_to_iso_string() {
    QCOMPARE(js_iso_string(1759239660000), std::string("2025-09-30T13:41:00.000Z"));
    QCOMPARE(js_iso_string(-62198755200000), std::string("-000001-01-01T00:00:00.000Z"));
    QCOMPARE(js_iso_string(253402300800000), std::string("+010000-01-01T00:00:00.000Z"));
    QCOMPARE(js_iso_string(-1), std::string("1969-12-31T23:59:59.999Z"));
}

void TestPromptResponses::node_path_relative_and_normalize_match_node() {
    QCOMPARE(node_path::relative("/a/b", "/a/b/c/d"), std::string("c/d"));
    QCOMPARE(node_path::relative("/a/b/c", "/a"), std::string("../.."));
    QCOMPARE(node_path::relative("/a/bc", "/a/b"), std::string("../b"));
    QCOMPARE(node_path::relative("/test/path", "/outside/notes.txt"),
             std::string("../../outside/notes.txt"));
    QCOMPARE(node_path::normalize("/a//b/../c/./d/"), std::string("/a/c/d/"));
    QCOMPARE(node_path::join({"/home/user", "Desktop"}), std::string("/home/user/Desktop"));
    QVERIFY(node_path::are_paths_equal("/home/user/Desktop/", "/home/user/./Desktop"));
}

void TestPromptResponses::pretty_patch_marks_a_missing_final_newline() {
    QCOMPARE(format_response::create_pretty_patch("file", "a\nb", "a\nc"),
             std::string("@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
                         "\\ No newline at end of file\n"));
    QCOMPARE(format_response::create_pretty_patch("file", std::nullopt, "x\n"),
             std::string("@@ -0,0 +1,1 @@\n+x\n"));
}

void TestPromptResponses::pretty_patch_of_equal_texts_is_empty() {
    QCOMPARE(format_response::create_pretty_patch("file", "same\n", "same\n"), std::string());
}

void TestPromptResponses::files_list_of_nothing_says_no_files_found() {
    QCOMPARE(format_response::format_files_list("/w", {}, false, nullptr, false),
             std::string("No files found."));
    QCOMPARE(format_response::format_files_list("/w", {"/w"}, false, nullptr, false),
             std::string("No files found."));  // the cwd itself lists as ""
}

void TestPromptResponses::reminder_keeps_an_unknown_status_as_is() {
    const std::string section =
        format_reminder_section(std::vector<TodoItem>{{"1", "a|b", "blocked"}});
    QVERIFY(section.find("| 1 | a\\|b | blocked |") != std::string::npos);
}

void TestPromptResponses::image_blocks_call_splits_data_urls_into_base64_sources() {
    const auto result = call_format_response(
        "imageBlocks", object_of("{\"images\":[\"data:image/png;base64,iVBORw0\","
                                 "\"data:image/jpeg;base64,/9j/4AAQ\"]}"));
    QVERIFY(result);
    QVERIFY(result->content_json);
    const QJsonArray expected{
        QJsonObject{{QStringLiteral("type"), QStringLiteral("image")},
                    {QStringLiteral("source"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("base64")},
                                 {QStringLiteral("media_type"), QStringLiteral("image/png")},
                                 {QStringLiteral("data"), QStringLiteral("iVBORw0")}}}},
        QJsonObject{{QStringLiteral("type"), QStringLiteral("image")},
                    {QStringLiteral("source"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("base64")},
                                 {QStringLiteral("media_type"), QStringLiteral("image/jpeg")},
                                 {QStringLiteral("data"), QStringLiteral("/9j/4AAQ")}}}}};
    QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(*result->content_json)).array(),
             expected);
}

void TestPromptResponses::image_blocks_call_without_images_is_an_empty_list() {
    // formatImagesIntoBlocks(undefined) is [].
    for (const char* args : {"{}", "{\"images\":null}", "{\"images\":[]}"}) {
        const auto result = call_format_response("imageBlocks", object_of(args));
        QVERIFY(result);
        QVERIFY(result->content_json);
        QCOMPARE(*result->content_json, std::string("[]"));
    }
}

void TestPromptResponses::files_list_call_marks_ignored_and_write_protected_files() {
    QJsonObject args = files_list_args();
    args.insert(QStringLiteral("showRooIgnoredFiles"), true);
    QCOMPARE(call_text("formatFilesList", args), std::string("b.txt\n"
                                                             "\U0001F6E1\uFE0F notes.md\n"
                                                             "\U0001F512 secret.txt\n"
                                                             "\U0001F6E1\uFE0F src/\n"
                                                             "src/main.ts"));
}

void TestPromptResponses::files_list_call_hides_ignored_files_unless_asked() {
    QJsonObject args = files_list_args();
    QCOMPARE(call_text("formatFilesList", args),
             std::string("b.txt\n\U0001F6E1\uFE0F notes.md\n\U0001F6E1\uFE0F src/\nsrc/main.ts"));
    // Only ignored files: nothing left to list.
    args.insert(QStringLiteral("files"), QJsonArray{QStringLiteral("/proj/secret.txt")});
    args.insert(QStringLiteral("showRooIgnoredFiles"), false);
    QCOMPARE(call_text("formatFilesList", args), std::string("No files found."));
}

void TestPromptResponses::files_list_call_truncation_note_follows_the_list() {
    QJsonObject args = files_list_args();
    args.insert(QStringLiteral("files"), QJsonArray{QStringLiteral("/proj/b.txt")});
    args.insert(QStringLiteral("didHitLimit"), true);
    QCOMPARE(call_text("formatFilesList", args),
             std::string("b.txt\n\n(File list truncated. Use list_files on specific "
                         "subdirectories if you need to explore further.)"));
}

void TestPromptResponses::call_rejects_arguments_of_the_wrong_type() {
    QJsonObject args = files_list_args();
    args.insert(QStringLiteral("didHitLimit"), QStringLiteral("yes"));
    QCOMPARE(call_text("formatFilesList", args),
             std::string("error: formatResponse.formatFilesList: 'didHitLimit' must be true or "
                         "false"));

    args = files_list_args();
    args.insert(QStringLiteral("rooIgnoredPaths"), QStringLiteral("/proj/secret.txt"));
    QCOMPARE(call_text("formatFilesList", args),
             std::string("error: formatResponse.formatFilesList: 'rooIgnoredPaths' must be an "
                         "array of strings"));

    args = files_list_args();
    args.insert(QStringLiteral("files"), QJsonArray{QStringLiteral("/proj/b.txt"), 3});
    QCOMPARE(call_text("formatFilesList", args),
             std::string("error: formatResponse.formatFilesList: 'files' must be an array of "
                         "strings"));

    QCOMPARE(
        call_text("imageBlocks", object_of("{\"images\":[1]}")),
        std::string("error: formatResponse.imageBlocks: 'images' must be an array of strings"));
    QCOMPARE(call_text("noSuchFunction", QJsonObject()),
             std::string("error: unknown formatResponse function 'noSuchFunction'"));
}

QTEST_GUILESS_MAIN(TestPromptResponses)
#include "test_prompt_responses.moc"
