// GetEnvironmentDetailsRequest to and from EnvironmentDetailsInput: the defaults an unset field
// stands for (getEnvironmentDetails.ts's destructuring defaults), what the editor sends in
// advance (the file list, the .rooignore answers) and the text a decoded request gives.

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

#include "environment/environment_details.h"
#include "environment/environment_details_proto.h"
#include "instructions/language.h"

using namespace lapce_ai::prompts;
namespace pb = lapce_ai::ipc::proto;

namespace {

// 2025-09-30T13:41:00.000Z
constexpr std::int64_t kEpochMs = 1759239660000;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Blocks every path that contains "secret".
class SecretIgnore : public RooIgnoreAccess {
  public:
    bool validate_access(std::string_view path) const override {
        return path.find("secret") == std::string_view::npos;
    }
};

std::vector<std::string> strings(const google::protobuf::RepeatedPtrField<std::string>& field) {
    return {field.begin(), field.end()};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class TestEnvironmentDetailsProto : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(workspace_.isValid());
        QVERIFY(home_.isValid());
        cwd_ = QDir(workspace_.path()).canonicalPath().toStdString();
        environment_.home_dir = QDir(home_.path()).canonicalPath().toStdString();
        environment_.os_name = "Linux";
        environment_.os_type = "Linux";
        environment_.shell = "/bin/bash";
        environment_.editor_language = "pt-br";
        environment_.profile = default_identity_profile();
    }

    void an_empty_request_takes_the_reference_defaults() {
        pb::GetEnvironmentDetailsRequest request;
        request.set_cwd(cwd_);
        const std::int64_t before = now_ms();
        auto decoded = environment_details_request_from_proto(request, environment_);
        const std::int64_t after = now_ms();
        QVERIFY(decoded);
        const EnvironmentDetailsInput& input = decoded->input;
        QCOMPARE(input.cwd, cwd_);
        // terminalOutputLineLimit = 500, terminalOutputCharacterLimit = 50_000,
        // maxWorkspaceFiles = 200, maxOpenTabsContext ?? 20, showRooIgnoredFiles = false.
        QCOMPARE(input.terminal_output_line_limit, 500);
        QCOMPARE(input.terminal_output_character_limit, 50'000);
        QVERIFY(input.terminal_compress_progress_bar);
        QCOMPARE(input.max_workspace_files, 200);
        QCOMPARE(input.max_open_tabs_context, 20);
        QVERIFY(!input.show_roo_ignored_files);
        // language ?? formatLanguage(vscode.env.language)
        QCOMPARE(input.language, std::string("pt-BR"));
        QCOMPARE(input.language, format_language(environment_.editor_language));
        QVERIFY(!input.mode);  // mode ?? defaultModeSlug (modes[0], "architect")
        QVERIFY(!input.global_custom_instructions);
        QVERIFY(!input.todo_list_enabled);
        QVERIFY(!input.todo_list);  // cline.todoList undefined
        QVERIFY(input.roo_ignore_controller == nullptr);
        QVERIFY(decoded->roo_ignore == nullptr);
        QVERIFY(!decoded->include_file_details);
        QVERIFY(decoded->profile.empty());
        // No clock in the request: `new Date()` and this machine's time zone.
        QVERIFY(input.clock.epoch_ms >= before && input.clock.epoch_ms <= after);
        QCOMPARE(input.clock.time_zone, current_environment_clock().time_zone);
        // No file list sent: listing finds nothing.
        QVERIFY(input.list_files);
        const auto [files, did_hit_limit] = input.list_files(cwd_, true, 200);
        QVERIFY(files.empty());
        QVERIFY(!did_hit_limit);

        auto text = get_environment_details(input, false, environment_);
        QVERIFY(text);
        QVERIFY(
            text->starts_with("<environment_details>\n# VSCode Visible Files\n(No visible files)"
                              "\n\n# VSCode Open Tabs\n(No open tabs)\n\n# Current Time\n"));
        QVERIFY(contains(*text,
                         "\n\n# Current Cost\n$0.00\n\n# Current Mode\n<slug>architect</slug>\n"));
        QVERIFY(text->ends_with(
            "\nYou have not created a todo list yet. Create one with `update_todo_list` if your "
            "task is complicated or involves multiple steps.\n</environment_details>"));
    }

    void set_fields_replace_the_defaults() {
        pb::GetEnvironmentDetailsRequest request;
        request.set_cwd(cwd_);
        request.set_language("fr");
        request.set_terminal_output_line_limit(7);
        request.set_terminal_output_character_limit(900);
        request.set_terminal_compress_progress_bar(false);
        request.set_max_workspace_files(0);
        request.set_max_open_tabs_context(3);
        request.set_show_roo_ignored_files(true);
        request.set_todo_list_enabled(false);
        request.set_mode("debug");
        request.set_global_custom_instructions("Be brief.");
        request.set_include_file_details(true);
        request.set_profile("kilo");
        request.mutable_clock()->set_epoch_ms(kEpochMs);
        request.mutable_clock()->set_time_zone("Asia/Kolkata");
        auto decoded = environment_details_request_from_proto(request, environment_);
        QVERIFY(decoded);
        const EnvironmentDetailsInput& input = decoded->input;
        QCOMPARE(input.language, std::string("fr"));
        QCOMPARE(input.terminal_output_line_limit, 7);
        QCOMPARE(input.terminal_output_character_limit, 900);
        QVERIFY(!input.terminal_compress_progress_bar);
        QCOMPARE(input.max_workspace_files, 0);
        QCOMPARE(input.max_open_tabs_context, 3);
        QVERIFY(input.show_roo_ignored_files);
        QCOMPARE(input.todo_list_enabled, std::optional<bool>(false));
        QCOMPARE(input.mode, std::optional<std::string>("debug"));
        QCOMPARE(input.global_custom_instructions, std::optional<std::string>("Be brief."));
        QVERIFY(decoded->include_file_details);
        QCOMPARE(decoded->profile, std::string("kilo"));
        QCOMPARE(input.clock.epoch_ms, kEpochMs);
        QCOMPARE(input.clock.time_zone, std::string("Asia/Kolkata"));
        QCOMPARE(input.clock.utc_offset_seconds, 5 * 3600 + 30 * 60);

        auto text = get_environment_details(input, true, environment_);
        QVERIFY(text);
        // maxFiles === 0: no listing; todoListEnabled false: no reminder section.
        QVERIFY(contains(*text, "User time zone: Asia/Kolkata, UTC+5:30"));
        QVERIFY(contains(*text, "<slug>debug</slug>"));
        QVERIFY(text->ends_with(
            ") Files\n(Workspace files context disabled. Use list_files to explore if needed.)"
            "\n\n</environment_details>"));
    }

    void an_unknown_time_zone_is_the_error() {
        pb::GetEnvironmentDetailsRequest request;
        request.set_cwd(cwd_);
        request.mutable_clock()->set_epoch_ms(kEpochMs);
        request.mutable_clock()->set_time_zone("Mars/Olympus_Mons");
        auto decoded = environment_details_request_from_proto(request, environment_);
        QVERIFY(!decoded);
        QCOMPARE(decoded.error(), std::string("unknown time zone 'Mars/Olympus_Mons'"));
    }

    void a_round_trip_keeps_the_editor_and_task_state() {
        EnvironmentDetailsInput input;
        input.cwd = cwd_;
        input.visible_file_paths = {cwd_ + "/a.ts"};
        input.open_tab_paths = {cwd_ + "/a.ts", cwd_ + "/b.ts"};
        input.recently_modified_files = {"src/x.ts"};
        input.busy_terminals = {{4, "/tmp", "npm test", "running"}};
        input.inactive_terminals = {
            {7, "/srv", {{"make", "built"}, {"make install", ""}}},
            {8, "/opt", {}},
        };
        input.cline_messages = {
            {"say", "api_req_started", R"({"cost":0.25})", std::nullopt},
            {"say", "condense_context", std::nullopt, ContextCondense{0.5, 1200}},
            {"say", "condense_context", std::nullopt, ContextCondense{}},
            {"ask", std::nullopt, "followup", std::nullopt},
        };
        input.model_id = "m-1";
        input.todo_list = std::vector<TodoItem>{{"1", "write", "in_progress"}};
        input.clock = *environment_clock_at(kEpochMs, "Europe/Berlin");
        input.mode = "debug";
        ModeConfig custom;
        custom.slug = "docs";
        custom.name = "Docs";
        custom.role_definition = "You write docs.";
        input.custom_modes = {custom};
        input.custom_mode_prompts["code"].role_definition = "Custom role";
        input.experiments.flags["powerSteering"] = true;
        input.global_custom_instructions = "Be brief.";
        input.language = "de";
        input.terminal_output_line_limit = 12;
        input.terminal_output_character_limit = 3456;
        input.terminal_compress_progress_bar = false;
        input.max_workspace_files = 9;
        input.max_open_tabs_context = 2;
        input.show_roo_ignored_files = true;
        input.todo_list_enabled = true;

        const pb::GetEnvironmentDetailsRequest request = to_proto(input, false, "roo");
        QCOMPARE(request.profile(), std::string("roo"));
        QVERIFY(!request.include_file_details());
        QVERIFY(!request.has_roo_ignore());  // the task has no RooIgnoreController
        auto decoded = environment_details_request_from_proto(request, environment_);
        QVERIFY(decoded);
        const EnvironmentDetailsInput& back = decoded->input;
        QCOMPARE(back.cwd, input.cwd);
        QCOMPARE(back.visible_file_paths, input.visible_file_paths);
        QCOMPARE(back.open_tab_paths, input.open_tab_paths);
        QCOMPARE(back.recently_modified_files, input.recently_modified_files);
        QCOMPARE(back.busy_terminals.size(), std::size_t{1});
        QCOMPARE(back.busy_terminals[0].id, std::int64_t{4});
        QCOMPARE(back.busy_terminals[0].cwd, std::string("/tmp"));
        QCOMPARE(back.busy_terminals[0].last_command, std::string("npm test"));
        QCOMPARE(back.busy_terminals[0].unretrieved_output, std::string("running"));
        QCOMPARE(back.inactive_terminals.size(), std::size_t{2});
        QCOMPARE(back.inactive_terminals[0].id, std::int64_t{7});
        QCOMPARE(back.inactive_terminals[0].cwd, std::string("/srv"));
        QCOMPARE(back.inactive_terminals[0].processes_with_output.size(), std::size_t{2});
        QCOMPARE(back.inactive_terminals[0].processes_with_output[0].command, std::string("make"));
        QCOMPARE(back.inactive_terminals[0].processes_with_output[0].unretrieved_output,
                 std::string("built"));
        QCOMPARE(back.inactive_terminals[0].processes_with_output[1].command,
                 std::string("make install"));
        QCOMPARE(back.inactive_terminals[1].id, std::int64_t{8});
        QVERIFY(back.inactive_terminals[1].processes_with_output.empty());

        QCOMPARE(back.cline_messages.size(), std::size_t{4});
        QCOMPARE(back.cline_messages[0].say, std::optional<std::string>("api_req_started"));
        QCOMPARE(back.cline_messages[0].text, std::optional<std::string>(R"({"cost":0.25})"));
        QVERIFY(!back.cline_messages[0].context_condense);
        QVERIFY(back.cline_messages[1].context_condense);
        QCOMPARE(back.cline_messages[1].context_condense->cost, std::optional<double>(0.5));
        QCOMPARE(back.cline_messages[1].context_condense->new_context_tokens,
                 std::optional<double>(1200));
        // contextCondense present with neither field: still present, fields undefined.
        QVERIFY(back.cline_messages[2].context_condense);
        QVERIFY(!back.cline_messages[2].context_condense->cost);
        QVERIFY(!back.cline_messages[2].context_condense->new_context_tokens);
        QCOMPARE(back.cline_messages[3].type, std::string("ask"));
        QVERIFY(!back.cline_messages[3].say);
        QCOMPARE(back.cline_messages[3].text, std::optional<std::string>("followup"));

        QCOMPARE(back.model_id, std::string("m-1"));
        QVERIFY(back.todo_list);
        QCOMPARE(back.todo_list->size(), std::size_t{1});
        QCOMPARE((*back.todo_list)[0].id, std::string("1"));
        QCOMPARE((*back.todo_list)[0].content, std::string("write"));
        QCOMPARE((*back.todo_list)[0].status, std::string("in_progress"));
        QCOMPARE(back.clock.epoch_ms, kEpochMs);
        QCOMPARE(back.clock.time_zone, std::string("Europe/Berlin"));
        QCOMPARE(back.clock.utc_offset_seconds, 7200);
        QCOMPARE(back.mode, std::optional<std::string>("debug"));
        QCOMPARE(back.custom_modes.size(), std::size_t{1});
        QCOMPARE(back.custom_modes[0].slug, std::string("docs"));
        QCOMPARE(back.custom_modes[0].role_definition, std::string("You write docs."));
        QCOMPARE(back.custom_mode_prompts.at("code").role_definition,
                 std::optional<std::string>("Custom role"));
        QVERIFY(back.experiments.enabled("powerSteering"));
        QCOMPARE(back.global_custom_instructions, std::optional<std::string>("Be brief."));
        QCOMPARE(back.language, std::string("de"));
        QCOMPARE(back.terminal_output_line_limit, 12);
        QCOMPARE(back.terminal_output_character_limit, 3456);
        QVERIFY(!back.terminal_compress_progress_bar);
        QCOMPARE(back.max_workspace_files, 9);
        QCOMPARE(back.max_open_tabs_context, 2);
        QVERIFY(back.show_roo_ignored_files);
        QCOMPARE(back.todo_list_enabled, std::optional<bool>(true));

        // An empty todo list stays a list (distinct from none).
        input.todo_list = std::vector<TodoItem>{};
        auto empty_list =
            environment_details_request_from_proto(to_proto(input, false, ""), environment_);
        QVERIFY(empty_list);
        QVERIFY(empty_list->input.todo_list);
        QVERIFY(empty_list->input.todo_list->empty());
    }

    void the_workspace_is_listed_only_when_file_details_are_included() {
        struct Call {
            std::string cwd;
            bool recursive = false;
            int limit = 0;
        };
        std::vector<Call> calls;
        EnvironmentDetailsInput input;
        input.cwd = cwd_;
        input.clock = *environment_clock_at(kEpochMs, "UTC");
        input.max_workspace_files = 50;
        input.list_files = [&](std::string_view cwd, bool recursive, int limit) {
            calls.push_back({std::string(cwd), recursive, limit});
            return std::make_pair(std::vector<std::string>{cwd_ + "/a.ts", cwd_ + "/src/"}, true);
        };

        pb::GetEnvironmentDetailsRequest request = to_proto(input, false, "");
        QVERIFY(calls.empty());
        QVERIFY(!request.has_file_list());

        // listFiles(cline.cwd, true, maxFiles)
        request = to_proto(input, true, "");
        QCOMPARE(calls.size(), std::size_t{1});
        QCOMPARE(calls[0].cwd, cwd_);
        QVERIFY(calls[0].recursive);
        QCOMPARE(calls[0].limit, 50);
        QVERIFY(request.has_file_list());
        QCOMPARE(strings(request.file_list().files()),
                 (std::vector<std::string>{cwd_ + "/a.ts", cwd_ + "/src/"}));
        QVERIFY(request.file_list().did_hit_limit());
        QVERIFY(request.include_file_details());

        // maxFiles === 0: the reference returns before listing.
        input.max_workspace_files = 0;
        request = to_proto(input, true, "");
        QCOMPARE(calls.size(), std::size_t{1});
        QVERIFY(!request.has_file_list());

        // The decoded request lists what was sent, whatever the arguments.
        input.max_workspace_files = 50;
        auto decoded =
            environment_details_request_from_proto(to_proto(input, true, ""), environment_);
        QVERIFY(decoded);
        const auto [files, did_hit_limit] = decoded->input.list_files("/elsewhere", false, 1);
        QCOMPARE(files, (std::vector<std::string>{cwd_ + "/a.ts", cwd_ + "/src/"}));
        QVERIFY(did_hit_limit);
    }

    void roo_ignore_answers_name_each_blocked_path_once_in_order() {
        const SecretIgnore ignore;
        EnvironmentDetailsInput input;
        input.cwd = cwd_;
        input.clock = *environment_clock_at(kEpochMs, "UTC");
        input.roo_ignore_controller = &ignore;
        input.visible_file_paths = {cwd_ + "/a.ts", cwd_ + "/secret1"};
        input.open_tab_paths = {cwd_ + "/secret1", cwd_ + "/secret2", cwd_ + "/b.ts"};
        input.list_files = [&](std::string_view, bool, int) {
            return std::make_pair(
                std::vector<std::string>{cwd_ + "/secret3", cwd_ + "/a.ts", cwd_ + "/secret2"},
                false);
        };

        pb::GetEnvironmentDetailsRequest request = to_proto(input, true, "");
        QVERIFY(request.has_roo_ignore());
        QCOMPARE(
            strings(request.roo_ignore().ignored_paths()),
            (std::vector<std::string>{cwd_ + "/secret1", cwd_ + "/secret2", cwd_ + "/secret3"}));

        // Without file details the listed files are not asked about.
        request = to_proto(input, false, "");
        QCOMPARE(strings(request.roo_ignore().ignored_paths()),
                 (std::vector<std::string>{cwd_ + "/secret1", cwd_ + "/secret2"}));

        // A controller that blocks nothing is still a controller: the answers are present.
        const SecretIgnore nothing_blocked;
        input.visible_file_paths = {cwd_ + "/a.ts"};
        input.open_tab_paths = {};
        input.roo_ignore_controller = &nothing_blocked;
        request = to_proto(input, false, "");
        QVERIFY(request.has_roo_ignore());
        QCOMPARE(request.roo_ignore().ignored_paths_size(), 0);
        auto decoded = environment_details_request_from_proto(request, environment_);
        QVERIFY(decoded);
        QVERIFY(decoded->input.roo_ignore_controller != nullptr);
        QVERIFY(decoded->input.roo_ignore_controller == decoded->roo_ignore.get());
    }

    void a_listed_roo_ignore_blocks_the_listed_paths_however_they_are_written() {
        const ListedRooIgnore ignore("/w", {"secret.txt", "/w/dir/key.pem", "build/"});
        QCOMPARE(ignore.ignored_paths(),
                 (std::vector<std::string>{"secret.txt", "/w/dir/key.pem", "build/"}));
        QVERIFY(!ignore.validate_access("secret.txt"));
        QVERIFY(!ignore.validate_access("/w/secret.txt"));
        QVERIFY(!ignore.validate_access("./dir/../secret.txt"));
        QVERIFY(!ignore.validate_access("dir/key.pem"));
        QVERIFY(!ignore.validate_access("/w/dir/key.pem"));
        // path.resolve drops a trailing slash: the directory is blocked either way it is named.
        QVERIFY(!ignore.validate_access("build"));
        QVERIFY(!ignore.validate_access("/w/build/"));
        QVERIFY(ignore.validate_access("other.txt"));
        QVERIFY(ignore.validate_access("dir/secret.txt"));
        QVERIFY(ignore.validate_access("/elsewhere/secret.txt"));
        QVERIFY(ignore.validate_access("build/output.o"));
        QCOMPARE(ignore.filter_paths({"a.ts", "secret.txt", "b.ts", "build"}),
                 (std::vector<std::string>{"a.ts", "b.ts"}));
    }

    void a_decoded_request_gives_the_reference_environment_details() {
        pb::GetEnvironmentDetailsRequest request;
        request.set_cwd(cwd_);
        for (const char* name : {"/a.ts", "/secret.ts", "/b.ts"})
            request.add_visible_file_paths(cwd_ + name);
        request.add_open_tab_paths(cwd_ + "/secret.ts");
        request.add_open_tab_paths(cwd_ + "/b.ts");
        request.add_recently_modified_files("src/x.ts");
        pb::InactiveTerminal* terminal = request.add_inactive_terminals();
        terminal->set_id(7);
        terminal->set_cwd("/srv");
        pb::CompletedProcessOutput* process = terminal->add_processes_with_output();
        process->set_command("make");
        process->set_unretrieved_output("built");
        process = terminal->add_processes_with_output();
        process->set_command("true");                 // no output: left out
        request.add_inactive_terminals()->set_id(8);  // no completed processes: left out
        pb::ClineMessage* message = request.add_cline_messages();
        message->set_type("say");
        message->set_say("api_req_started");
        message->set_text(R"({"tokensIn":10,"tokensOut":5,"cost":0.25})");
        message = request.add_cline_messages();
        message->set_type("say");
        message->set_say("condense_context");
        message->mutable_context_condense()->set_cost(0.5);
        message->mutable_context_condense()->set_new_context_tokens(300);
        request.set_model_id("m-1");
        pb::TodoItem* item = request.mutable_todo_list()->add_items();
        item->set_id("1");
        item->set_content("write a | b");
        item->set_status("in_progress");
        item = request.mutable_todo_list()->add_items();
        item->set_id("2");
        item->set_content("ship");
        item->set_status("completed");
        request.mutable_clock()->set_epoch_ms(kEpochMs);
        request.mutable_clock()->set_time_zone("Asia/Kolkata");
        request.mutable_roo_ignore()->add_ignored_paths(cwd_ + "/secret.ts");
        request.set_show_roo_ignored_files(true);
        request.set_include_file_details(true);
        for (const char* name : {"/b.ts", "/secret.ts", "/a.ts"})
            request.mutable_file_list()->add_files(cwd_ + name);
        request.mutable_file_list()->set_did_hit_limit(true);

        auto decoded = environment_details_request_from_proto(request, environment_);
        QVERIFY(decoded);
        auto text =
            get_environment_details(decoded->input, decoded->include_file_details, environment_);
        QVERIFY(text);
        // With a RooIgnoreController the reference prints the filtered arrays as `${array}`.
        const std::string head =
            "<environment_details>\n# VSCode Visible Files\na.ts,b.ts\n\n"
            "# VSCode Open Tabs\nb.ts\n\n"
            "# Recently Modified Files\nThese files have been modified since you last accessed "
            "them (file was just edited so you may need to re-read it before editing):\n"
            "src/x.ts\n\n"
            "# Inactive Terminals with Completed Process Output\n## Terminal 7 (Inactive)\n"
            "### Working Directory: `/srv`\n### New Output\nCommand: `make`\nbuilt\n\n"
            "# Current Time\nCurrent time in ISO 8601 UTC format: 2025-09-30T13:41:00.000Z\n"
            "User time zone: Asia/Kolkata, UTC+5:30\n\n"
            "# Current Cost\n$0.75\n\n"
            "# Current Mode\n<slug>architect</slug>\n<name>";
        QVERIFY2(text->starts_with(head), text->c_str());
        const std::string tail =
            "</name>\n<model>m-1</model>\n\n\n# Current Workspace Directory (" + cwd_ +
            ") Files\na.ts\nb.ts\n\U0001F512 secret.ts\n\n(File list truncated. Use list_files "
            "on specific subdirectories if you need to explore further.)\n"
            "====\n\nREMINDERS\n\nBelow is your current list of reminders for this task. Keep "
            "them updated as you progress.\n\n| # | Content | Status |\n|---|---------|--------|\n"
            "| 1 | write a \\| b | In Progress |\n| 2 | ship | Completed |\n\n\nIMPORTANT: When "
            "task status changes, remember to call the `update_todo_list` tool to update your "
            "progress.\n\n</environment_details>";
        QVERIFY2(text->ends_with(tail), text->c_str());

        // Without showRooIgnoredFiles the blocked file is left out of the list.
        request.set_show_roo_ignored_files(false);
        decoded = environment_details_request_from_proto(request, environment_);
        QVERIFY(decoded);
        text = get_environment_details(decoded->input, true, environment_);
        QVERIFY(text);
        QVERIFY2(contains(*text, ") Files\na.ts\nb.ts\n\n(File list truncated."), text->c_str());
    }

  private:
    QTemporaryDir workspace_;
    QTemporaryDir home_;
    std::string cwd_;
    PromptEnvironment environment_;
};

QTEST_GUILESS_MAIN(TestEnvironmentDetailsProto)
#include "test_environment_details_proto.moc"
