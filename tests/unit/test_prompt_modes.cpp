// Modes and tool lists of the prompt layer beyond what the golden cases cover: identities,
// overrides, file restrictions and JavaScript string helpers.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "js_string.h"
#include "modes/full_mode_details.h"
#include "modes/modes.h"
#include "modes/modes_section.h"
#include "prompt_environment.h"
#include "tools/tool_descriptions.h"
#include "tools/tool_descriptions_for_mode.h"

using namespace lapce_ai::prompts;

namespace {

const IdentityProfile& profile(const char* id) {
    const IdentityProfile* found = find_identity_profile(id);
    if (!found) qFatal("no identity profile %s", id);
    return *found;
}

ModeConfig custom_mode(std::string slug, std::vector<GroupEntry> groups) {
    ModeConfig mode;
    mode.slug = std::move(slug);
    mode.name = "Custom " + mode.slug;
    mode.role_definition = "You are a custom mode. It has a second sentence.";
    mode.groups = std::move(groups);
    return mode;
}

GroupEntry markdown_edit_group() {
    return {"edit", GroupOptions{std::string("\\.md$"), std::string("Markdown files only")}};
}

}  // namespace

class TestPromptModes : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void built_in_modes_speak_with_the_identity_name();
    void default_mode_and_prompts_follow_the_built_in_list();
    void custom_modes_override_built_in_ones_in_place();
    void unknown_modes_are_an_error_for_get_mode_config();
    void mode_selection_prefers_custom_modes_then_non_empty_prompt_overrides();
    void file_regex_restricts_edits_with_a_path();
    void file_regex_checks_every_path_of_xml_args();
    void tool_requirements_and_experiments_can_forbid_tools();
    void tools_for_a_custom_mode_follow_its_groups();
    void modes_section_applies_prompt_overrides();
    void full_mode_details_fall_back_and_apply_non_empty_overrides();
    void full_mode_details_read_the_rules_of_the_cwd();
    void js_trim_strips_unicode_white_space();
    void to_posix_keeps_extended_length_paths();
};

void TestPromptModes::built_in_modes_speak_with_the_identity_name() {
    const auto& roo = default_modes(profile("roo"));
    const auto& kilo = default_modes(profile("kilo"));
    QCOMPARE(roo.size(), std::size_t(5));
    QCOMPARE(kilo.size(), roo.size());
    for (std::size_t i = 0; i < roo.size(); ++i) {
        QVERIFY(roo[i].role_definition.starts_with("You are Roo, "));
        QVERIFY(kilo[i].role_definition.starts_with("You are Kilo Code, "));
        QCOMPARE(kilo[i].role_definition.substr(19), roo[i].role_definition.substr(13));
    }
    // Cached: the same list each time.
    QCOMPARE(&default_modes(profile("kilo")), &kilo);
}

void TestPromptModes::default_mode_and_prompts_follow_the_built_in_list() {
    QCOMPARE(default_mode_slug(profile("roo")), std::string("architect"));
    const CustomModePrompts& prompts = default_prompts(profile("kilo"));
    QCOMPARE(prompts.size(), std::size_t(5));
    QVERIFY(prompts.at("code").role_definition->starts_with("You are Kilo Code, "));
    QVERIFY(!prompts.at("code").custom_instructions);
}

void TestPromptModes::custom_modes_override_built_in_ones_in_place() {
    const std::vector<ModeConfig> custom = {custom_mode("reviewer", {{"read", {}}}),
                                            custom_mode("code", {{"read", {}}})};
    const auto all = get_all_modes(&custom, profile("roo"));
    QCOMPARE(all.size(), std::size_t(6));
    QCOMPARE(all[1].name, std::string("Custom code"));
    QCOMPARE(all[5].slug, std::string("reviewer"));
    QVERIFY(is_custom_mode("code", &custom));
    QVERIFY(!is_custom_mode("ask", &custom));
    QCOMPARE(get_mode_by_slug("code", &custom, profile("roo"))->name, std::string("Custom code"));
    QCOMPARE(get_role_definition("nope", &custom, profile("roo")), std::string());
}

void TestPromptModes::unknown_modes_are_an_error_for_get_mode_config() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             get_mode_config("nope", nullptr, profile("roo")));
    PromptEnvironment environment;
    environment.profile = profile("roo");
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        get_tool_descriptions_for_mode("nope", "/w", false, nullptr, nullptr, std::nullopt, nullptr,
                                       nullptr, nullptr, std::nullopt, nullptr, std::nullopt,
                                       std::nullopt, environment));
}

void TestPromptModes::mode_selection_prefers_custom_modes_then_non_empty_prompt_overrides() {
    const std::vector<ModeConfig> custom = {custom_mode("code", {})};
    auto selection = get_mode_selection("code", nullptr, &custom, profile("roo"));
    QCOMPARE(selection.role_definition, custom[0].role_definition);
    QCOMPARE(selection.base_instructions, std::string());

    PromptComponent component;
    component.role_definition = "";
    component.custom_instructions = "Mine";
    selection = get_mode_selection("ask", &component, nullptr, profile("roo"));
    QVERIFY(selection.role_definition.starts_with("You are Roo, a knowledgeable"));
    QCOMPARE(selection.base_instructions, std::string("Mine"));
    QCOMPARE(selection.description, std::string("Get answers and explanations"));

    // An unknown mode falls back to the default one.
    selection = get_mode_selection("nope", nullptr, nullptr, profile("roo"));
    QCOMPARE(selection.description, std::string("Plan and design before implementation"));
}

void TestPromptModes::file_regex_restricts_edits_with_a_path() {
    const std::vector<ModeConfig> none;
    const auto& roo = profile("roo");
    QVERIFY(is_tool_allowed_for_mode("write_to_file", "architect", none, nullptr, nullptr, nullptr,
                                     roo));
    ToolParams params{{"path", "notes.md"}, {"content", "x"}};
    QVERIFY(is_tool_allowed_for_mode("write_to_file", "architect", none, nullptr, &params, nullptr,
                                     roo));
    params["path"] = "main.cpp";
    try {
        is_tool_allowed_for_mode("write_to_file", "architect", none, nullptr, &params, nullptr,
                                 roo);
        QFAIL("expected a FileRestrictionError");
    } catch (const FileRestrictionError& error) {
        QCOMPARE(std::string(error.what()),
                 std::string("Tool 'write_to_file' in mode '🏗️ Architect' can only edit files "
                             "matching pattern: \\.md$ (Markdown files only). Got: main.cpp"));
    }
    // A path alone (still streaming) is not an edit yet.
    const ToolParams path_only{{"path", "main.cpp"}};
    QVERIFY(is_tool_allowed_for_mode("write_to_file", "architect", none, nullptr, &path_only,
                                     nullptr, roo));
    QVERIFY(!is_tool_allowed_for_mode("execute_command", "architect", none, nullptr, nullptr,
                                      nullptr, roo));
    QVERIFY(!is_tool_allowed_for_mode("read_file", "nope", none, nullptr, nullptr, nullptr, roo));
}

void TestPromptModes::file_regex_checks_every_path_of_xml_args() {
    const std::vector<ModeConfig> custom = {custom_mode("docs", {markdown_edit_group()})};
    const auto& roo = profile("roo");
    ToolParams params{{"args", "<file><path> a.md </path></file><file><path>b.md</path></file>"}};
    QVERIFY(is_tool_allowed_for_mode("apply_diff", "docs", custom, nullptr, &params, nullptr, roo));
    params["args"] = "<file><path>a.md</path></file><file><path>src/b.ts</path></file>";
    QVERIFY_THROWS_EXCEPTION(
        FileRestrictionError,
        is_tool_allowed_for_mode("apply_diff", "docs", custom, nullptr, &params, nullptr, roo));
    QVERIFY(!does_file_match_regex("a.md", "(unclosed"));
}

void TestPromptModes::tool_requirements_and_experiments_can_forbid_tools() {
    const std::vector<ModeConfig> none;
    const auto& roo = profile("roo");
    const ToolRequirements requirements{{"read_file", false}};
    QVERIFY(
        !is_tool_allowed_for_mode("read_file", "code", none, &requirements, nullptr, nullptr, roo));
    QVERIFY(
        is_tool_allowed_for_mode("list_files", "code", none, &requirements, nullptr, nullptr, roo));
    // Always-available tools ignore everything else.
    QVERIFY(is_tool_allowed_for_mode("switch_mode", "nope", none, nullptr, nullptr, nullptr, roo));
    // A tool named like an experiment needs the experiment.
    const std::vector<ModeConfig> custom = {custom_mode("x", {{"read", {}}})};
    const Experiments off;
    QVERIFY(!is_tool_allowed_for_mode("imageGeneration", "x", custom, nullptr, nullptr, &off, roo));
}

void TestPromptModes::tools_for_a_custom_mode_follow_its_groups() {
    const std::vector<GroupEntry> groups = {{"command", {}}, {"read", {}}, {"modes", {}}};
    const auto tools = get_tools_for_mode(groups);
    const std::vector<std::string> expected = {
        "execute_command",       "read_file",          "fetch_instructions",
        "search_files",          "list_files",         "list_code_definition_names",
        "codebase_search",       "switch_mode",        "new_task",
        "ask_followup_question", "attempt_completion", "update_todo_list",
        "run_slash_command"};
    QCOMPARE(tools, expected);

    const std::vector<ModeConfig> custom = {custom_mode("runner", {{"command", {}}})};
    PromptEnvironment environment;
    environment.profile = profile("roo");
    const std::string text = get_tool_descriptions_for_mode(
        "runner", "/w", false, nullptr, nullptr, std::nullopt, nullptr, &custom, nullptr,
        std::nullopt, nullptr, std::nullopt, std::nullopt, environment);
    QVERIFY(text.starts_with("# Tools\n\n## execute_command\n"));
    QVERIFY(text.find("## read_file") == std::string::npos);
    QVERIFY(text.find("## update_todo_list") != std::string::npos);
    QVERIFY(text.find("## run_slash_command") == std::string::npos);
}

void TestPromptModes::modes_section_applies_prompt_overrides() {
    ExtensionState state;
    state.custom_modes = {custom_mode("reviewer", {})};
    state.custom_mode_prompts["code"].when_to_use = "  \n ";
    state.custom_mode_prompts["ask"].role_definition = "Asker";
    PromptEnvironment environment;
    environment.profile = profile("kilo");
    const std::string section = get_modes_section(state, environment);
    QVERIFY(section.find("  * \"💻 Code\" mode (code) - You are Kilo Code, a highly skilled "
                         "software engineer with extensive knowledge in many programming "
                         "languages, frameworks, design patterns, and best practices\n") !=
            std::string::npos);
    QVERIFY(section.find("  * \"Custom reviewer\" mode (reviewer) - You are a custom mode\n") !=
            std::string::npos);
    // whenToUse is kept, so the overridden roleDefinition does not show.
    QVERIFY(section.find("(ask) - Use this mode when you need explanations") != std::string::npos);
}

void TestPromptModes::full_mode_details_fall_back_and_apply_non_empty_overrides() {
    PromptEnvironment environment;
    environment.profile = profile("roo");
    CustomModePrompts prompts;
    prompts["ask"].role_definition = "";  // empty: the mode's own
    prompts["ask"].custom_instructions = "Answer briefly.";
    prompts["ask"].when_to_use = "When asked.";
    auto ask = get_full_mode_details("ask", nullptr, &prompts, {}, environment);
    QVERIFY(ask);
    QVERIFY(ask->role_definition.starts_with("You are Roo, a knowledgeable technical assistant"));
    QCOMPARE(ask->custom_instructions, std::optional<std::string>("Answer briefly."));
    QCOMPARE(ask->when_to_use, std::optional<std::string>("When asked."));

    // An unknown slug is the first built-in mode; undefined texts become "".
    std::vector<ModeConfig> custom = {custom_mode("reviewer", {})};
    auto unknown = get_full_mode_details("nope", &custom, nullptr, {}, environment);
    QVERIFY(unknown);
    QCOMPARE(unknown->slug, default_mode_slug(environment.profile));
    auto reviewer = get_full_mode_details("reviewer", &custom, nullptr, {}, environment);
    QVERIFY(reviewer);
    QCOMPARE(reviewer->name, std::string("Custom reviewer"));
    QCOMPARE(reviewer->description, std::optional<std::string>(""));
    QCOMPARE(reviewer->custom_instructions, std::optional<std::string>(""));
}

void TestPromptModes::full_mode_details_read_the_rules_of_the_cwd() {
    QTemporaryDir workspace;
    QTemporaryDir home;
    QVERIFY(QDir(workspace.path()).mkpath(QStringLiteral(".roo/rules-code")));
    QFile rule(workspace.filePath(QStringLiteral(".roo/rules-code/a.md")));
    QVERIFY(rule.open(QIODevice::WriteOnly));
    rule.write("Use tabs.");
    rule.close();
    PromptEnvironment environment;
    environment.profile = profile("roo");
    environment.home_dir = home.path().toStdString();
    FullModeDetailsOptions options;
    options.cwd = workspace.path().toStdString();
    options.global_custom_instructions = "Be kind.";
    options.language = "fr";
    auto code = get_full_mode_details("code", nullptr, nullptr, options, environment);
    QVERIFY(code);
    const std::string& text = *code->custom_instructions;
    QVERIFY(text.find("Use tabs.") != std::string::npos);
    QVERIFY(text.find("Global Instructions:\nBe kind.") != std::string::npos);
    QVERIFY(text.find("(fr)") != std::string::npos);

    // A cwd that is a file: its legacy mode rule file cannot be read, and that is the result.
    options.cwd = rule.fileName().toStdString();
    auto broken = get_full_mode_details("code", nullptr, nullptr, options, environment);
    QVERIFY(!broken);
    QVERIFY(broken.error().path.find(".roorules-code") != std::string::npos);
}

void TestPromptModes::js_trim_strips_unicode_white_space() {
    QCOMPARE(js_trim(" \t\n\u00a0\u3000x y\u2028\ufeff"), std::string_view("x y"));
    QCOMPARE(js_trim("\u200b"), std::string_view("\u200b"));  // zero width space is not white
    QCOMPARE(js_trim(" \n "), std::string_view());
}

void TestPromptModes::to_posix_keeps_extended_length_paths() {
    QCOMPARE(to_posix("C:\\Users\\dev"), std::string("C:/Users/dev"));
    QCOMPARE(to_posix("\\\\?\\C:\\long"), std::string("\\\\?\\C:\\long"));
    QCOMPARE(to_posix("\\\\server\\share"), std::string("//server/share"));
    QCOMPARE(to_posix("/already/posix"), std::string("/already/posix"));
}

QTEST_GUILESS_MAIN(TestPromptModes)
#include "test_prompt_modes.moc"
