// The prompt layer through the real service: `lapce-ai prompt`, BuildSystemPrompt,
// FormatResponse and GetEnvironmentDetails over IPC.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_process.h"
#include "environment/environment_details.h"
#include "environment/environment_details_proto.h"
#include "prompt_environment.h"
#include "raw_connection.h"
#include "service_process.h"
#include "system/system_prompt.h"
#include "system/system_prompt_json.h"
#include "test_files.h"

using lapce_ai::testing::CliRun;
using lapce_ai::testing::RawConnection;
using lapce_ai::testing::ServiceProcess;
using lapce_ai::testing::write_test_file;
namespace prompts = lapce_ai::prompts;
namespace proto = lapce_ai::ipc::proto;

namespace {

// The command line against `service`.
CliRun run_cli(const ServiceProcess& service, QStringList arguments) {
    arguments.prepend(service.socket_dir());
    arguments.prepend(QStringLiteral("--socket-dir"));
    return lapce_ai::testing::run_cli(arguments);
}

QString canonical(const QString& path) {
    return QFileInfo(path).canonicalFilePath();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// What the editor sends on a later turn of a task in `cwd`: one visible file, a busy terminal,
// code mode with power steering, the clock pinned to 2025-09-30T13:41:00Z in Berlin.
proto::GetEnvironmentDetailsRequest editor_request(const std::string& cwd) {
    proto::GetEnvironmentDetailsRequest request;
    request.set_cwd(cwd);
    request.add_visible_file_paths(cwd + "/src/main.cpp");
    request.add_open_tab_paths(cwd + "/src/main.cpp");
    request.add_open_tab_paths(cwd + "/CMakeLists.txt");
    proto::BusyTerminal* terminal = request.add_busy_terminals();
    terminal->set_id(3);
    terminal->set_cwd(cwd);
    terminal->set_last_command("ctest");
    terminal->set_unretrieved_output("100% tests passed\n");
    proto::ClineMessage* message = request.add_cline_messages();
    message->set_type("say");
    message->set_say("api_req_started");
    message->set_text("{\"tokensIn\": 10, \"tokensOut\": 5, \"cost\": 0.126}");
    request.set_model_id("test-model");
    request.mutable_clock()->set_epoch_ms(1759239660000);
    request.mutable_clock()->set_time_zone("Europe/Berlin");
    request.set_mode("code");
    (*request.mutable_experiments()->mutable_flags())["powerSteering"] = true;
    request.set_language("en");
    request.set_include_file_details(true);
    proto::FileListResult* files = request.mutable_file_list();
    files->add_files(cwd + "/CMakeLists.txt");
    files->add_files(cwd + "/src/");
    files->add_files(cwd + "/src/main.cpp");
    return request;
}

}  // namespace

class PromptServiceTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(service_.start());
        QVERIFY(workspace_.isValid());
        write_test_file(workspace_.filePath(QStringLiteral(".roo/rules/style.md")),
                        "Roo rule: keep it small.");
        write_test_file(workspace_.filePath(QStringLiteral(".kilocode/rules/style.md")),
                        "Kilo rule: keep it tidy.");
        write_test_file(workspace_.filePath(QStringLiteral("AGENTS.md")), "Build with CMake.");
    }

    void the_cli_prints_what_the_library_builds_for_the_workspace() {
        const QString cwd = canonical(workspace_.path());
        const CliRun run =
            run_cli(service_, {QStringLiteral("prompt"), QStringLiteral("--mode"),
                               QStringLiteral("code"), QStringLiteral("--cwd"), cwd});
        QCOMPARE(run.exit_code, 0);
        QVERIFY(run.out.startsWith("You are Roo, a highly skilled software engineer"));
        QVERIFY(run.out.contains("# Rules from " + cwd.toUtf8() +
                                 "/.roo/rules/style.md:\nRoo rule: keep it small."));
        QVERIFY(run.out.contains("# Agent Rules Standard (AGENTS.md):\nBuild with CMake."));
        QVERIFY(!run.out.contains("Kilo rule"));

        // The same inputs in this process: the editor's defaults, this workspace, code mode.
        prompts::SystemPromptInput input = prompts::editor_default_input();
        input.cwd = cwd.toStdString();
        input.mode = "code";
        const auto expected = prompts::system_prompt(
            input, prompts::current_prompt_environment(prompts::default_identity_profile()));
        QVERIFY(expected);
        QCOMPARE(run.out.toStdString(), *expected);
    }

    void the_kilo_profile_speaks_as_kilo_code_and_reads_its_own_folder() {
        const QString cwd = canonical(workspace_.path());
        const CliRun run = run_cli(service_, {QStringLiteral("prompt"), QStringLiteral("--mode"),
                                              QStringLiteral("code"), QStringLiteral("--cwd"), cwd,
                                              QStringLiteral("--profile"), QStringLiteral("kilo")});
        QCOMPARE(run.exit_code, 0);
        QVERIFY(run.out.startsWith("You are Kilo Code, a highly skilled software engineer"));
        QVERIFY(run.out.contains("# Rules from " + cwd.toUtf8() +
                                 "/.kilocode/rules/style.md:\nKilo rule"));
        QVERIFY(!run.out.contains("Roo rule"));
    }

    void a_service_started_with_a_profile_uses_it_when_the_request_names_none() {
        ServiceProcess kilo_service({QStringLiteral("--profile"), QStringLiteral("kilo")});
        QVERIFY(kilo_service.start());
        const CliRun run = run_cli(kilo_service, {QStringLiteral("prompt"), QStringLiteral("--cwd"),
                                                  canonical(workspace_.path())});
        QCOMPARE(run.exit_code, 0);
        QVERIFY(
            run.out.startsWith("You are Kilo Code, an experienced technical leader"));  // architect
    }

    void a_settings_file_supplies_the_prompt_inputs() {
        QTemporaryDir dir;
        const QString settings = dir.filePath(QStringLiteral("settings.json"));
        write_test_file(
            settings,
            "{ \"mode\": \"ask\", \"language\": \"fr\", \"globalCustomInstructions\": \"Always "
            "cite sources.\", \"mcpServers\": [{\"name\": \"docs\", \"status\": \"connected\", "
            "\"config\": \"{\\\"command\\\":\\\"node\\\",\\\"args\\\":[\\\"docs.js\\\"]}\", "
            "\"tools\": [{\"name\": \"search\", \"description\": \"Search the docs\", "
            "\"inputSchema\": {\"type\": \"object\", \"required\": [\"q\"], \"properties\": "
            "{\"q\": {\"type\": \"string\"}}}}]}] }");
        const CliRun run = run_cli(
            service_, {QStringLiteral("prompt"), QStringLiteral("--cwd"),
                       canonical(workspace_.path()), QStringLiteral("--settings"), settings});
        QCOMPARE(run.exit_code, 0);
        QVERIFY(run.out.startsWith("You are Roo, a knowledgeable technical assistant"));
        QVERIFY(run.out.contains("## docs (`node docs.js`)"));
        // The schema keeps its key order: "required" before "properties".
        const qsizetype required = run.out.indexOf("\"required\": [");
        QVERIFY(required > 0 && required < run.out.indexOf("\"properties\": {"));
        QVERIFY(run.out.contains("Global Instructions:\nAlways cite sources."));
        QVERIFY(run.out.contains("(fr)"));
    }

    void a_settings_file_that_is_not_json_is_rejected_by_the_cli() {
        QTemporaryDir dir;
        const QString settings = dir.filePath(QStringLiteral("settings.json"));
        write_test_file(settings, "{\"mode\": ");
        const CliRun run =
            run_cli(service_, {QStringLiteral("prompt"), QStringLiteral("--settings"), settings});
        QCOMPARE(run.exit_code, 2);
        QVERIFY(run.err.contains("settings must be a JSON object"));
        QVERIFY(run.out.isEmpty());
    }

    void an_unknown_profile_is_an_invalid_argument() {
        const CliRun run =
            run_cli(service_, {QStringLiteral("prompt"), QStringLiteral("--cwd"),
                               canonical(workspace_.path()), QStringLiteral("--profile"),
                               QStringLiteral("nobody")});
        QCOMPARE(run.exit_code, 1);
        QVERIFY(run.err.contains("INVALID_ARGUMENT: unknown identity profile 'nobody'"));
    }

    void an_mcp_config_the_reference_cannot_read_is_an_invalid_argument() {
        QTemporaryDir dir;
        const QString settings = dir.filePath(QStringLiteral("settings.json"));
        write_test_file(settings,
                        "{\"mode\": \"code\", \"mcpServers\": [{\"name\": \"x\", \"status\": "
                        "\"connected\", \"config\": \"null\"}]}");
        const CliRun run = run_cli(
            service_, {QStringLiteral("prompt"), QStringLiteral("--cwd"),
                       canonical(workspace_.path()), QStringLiteral("--settings"), settings});
        QCOMPARE(run.exit_code, 1);
        QVERIFY(run.err.contains("INVALID_ARGUMENT: MCP server 'x'"));
    }

    void a_workspace_that_is_a_file_is_a_file_access_error() {
        const QString file = workspace_.filePath(QStringLiteral("AGENTS.md"));
        const CliRun run =
            run_cli(service_, {QStringLiteral("prompt"), QStringLiteral("--mode"),
                               QStringLiteral("code"), QStringLiteral("--cwd"), file});
        QCOMPARE(run.exit_code, 1);
        QVERIFY(run.err.contains("FILE_ACCESS"));
    }

    void a_malformed_request_gets_a_typed_error_and_the_service_keeps_serving() {
        expect_malformed_payload(proto::BUILD_SYSTEM_PROMPT_REQUEST, 7,
                                 QByteArray("\xff\xff\xff\xff\x0f", 5));  // a truncated varint
        const CliRun run = run_cli(service_, {QStringLiteral("ping")});
        QCOMPARE(run.exit_code, 0);
    }

    void format_response_answers_by_name_with_named_arguments() {
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::FormatResponseRequest request;
        request.set_name("unknownMcpServerError");
        request.set_args_json(
            "{\"serverName\": \"weather\", \"availableServers\": [\"docs\", \"git\"]}");
        proto::FormatResponseReply reply;
        QVERIFY(client.call(proto::FORMAT_RESPONSE_REQUEST, request, proto::FORMAT_RESPONSE_REPLY,
                            reply));
        QVERIFY(reply.text().find("weather") != std::string::npos);
        QVERIFY(reply.text().find("docs, git") != std::string::npos);
        QVERIFY(!reply.has_content_json());
    }

    void a_tool_result_with_images_comes_back_as_content_blocks() {
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::FormatResponseRequest request;
        request.set_name("toolResult");
        request.set_args_json(
            "{\"text\": \"done\", \"images\": [\"data:image/png;base64,iVBORw0KGgo=\"]}");
        proto::FormatResponseReply reply;
        QVERIFY(client.call(proto::FORMAT_RESPONSE_REQUEST, request, proto::FORMAT_RESPONSE_REPLY,
                            reply));
        QVERIFY(reply.has_content_json());
        const QJsonArray blocks =
            QJsonDocument::fromJson(QByteArray::fromStdString(reply.content_json())).array();
        QCOMPARE(blocks.size(), 2);
        QCOMPARE(blocks[0][QStringLiteral("text")].toString(), QStringLiteral("done"));
        QCOMPARE(blocks[1][QStringLiteral("source")][QStringLiteral("media_type")].toString(),
                 QStringLiteral("image/png"));
    }

    void format_response_rejects_unknown_names_and_wrong_arguments() {
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::FormatResponseReply reply;
        for (const auto& [name, args, message] :
             {std::tuple{"noSuchFunction", "{}",
                         "unknown formatResponse function 'noSuchFunction'"},
              std::tuple{"rooIgnoreError", "{\"path\": 5}", "'path' must be a string"},
              std::tuple{"toolError", "[1, 2]", "args_json must be a JSON object"}}) {
            proto::FormatResponseRequest request;
            request.set_name(name);
            request.set_args_json(args);
            auto result = client.call(proto::FORMAT_RESPONSE_REQUEST, request,
                                      proto::FORMAT_RESPONSE_REPLY, reply);
            QVERIFY(!result);
            QCOMPARE(result.error().code, proto::INVALID_ARGUMENT);
            QVERIFY2(result.error().message.find(message) != std::string::npos,
                     result.error().message.c_str());
        }
    }

    void environment_details_show_the_editor_state_the_request_gives() {
        const std::string cwd = canonical(workspace_.path()).toStdString();
        lapce_ai::ipc::IpcClient client(service_.client_options());
        const proto::GetEnvironmentDetailsRequest request = editor_request(cwd);
        proto::EnvironmentDetailsReply reply;
        auto result = client.call(proto::GET_ENVIRONMENT_DETAILS_REQUEST, request,
                                  proto::ENVIRONMENT_DETAILS_REPLY, reply);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        const std::string& text = reply.text();
        QVERIFY(text.starts_with("<environment_details>\n# VSCode Visible Files\nsrc/main.cpp\n"));
        QVERIFY(contains(text, "# VSCode Open Tabs\nsrc/main.cpp\nCMakeLists.txt\n"));
        QVERIFY(contains(text,
                         "# Actively Running Terminals\n## Terminal 3 (Active)\n"
                         "### Working Directory: `" +
                             cwd +
                             "`\n"
                             "### Original command: `ctest`\n### New Output\n100% tests passed"));
        QVERIFY(contains(text,
                         "Current time in ISO 8601 UTC format: 2025-09-30T13:41:00.000Z\n"
                         "User time zone: Europe/Berlin, UTC+2:00"));
        QVERIFY(contains(text, "# Current Cost\n$0.13"));
        QVERIFY(contains(text, "# Current Mode\n<slug>code</slug>\n<name>"));
        QVERIFY(contains(text, "Code</name>\n<model>test-model</model>\n<role>You are Roo, "));
        // Power steering shows the full custom instructions, read from the workspace's rules.
        QVERIFY(contains(text, "Roo rule: keep it small."));
        QVERIFY(contains(text, "# Current Workspace Directory (" + cwd +
                                   ") Files\nCMakeLists.txt\nsrc/\nsrc/main.cpp"));
        QVERIFY(text.ends_with("\n</environment_details>"));

        // The library gives the same text for the same request in this process.
        const auto environment =
            prompts::current_prompt_environment(prompts::default_identity_profile());
        auto input = prompts::environment_details_request_from_proto(request, environment);
        QVERIFY(input);
        const auto expected = prompts::get_environment_details(
            input->input, input->include_file_details, environment);
        QVERIFY(expected);
        QCOMPARE(text, *expected);
    }

    void environment_details_speak_for_the_requested_profile() {
        const std::string cwd = canonical(workspace_.path()).toStdString();
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::GetEnvironmentDetailsRequest request = editor_request(cwd);
        request.set_profile("kilo");
        proto::EnvironmentDetailsReply reply;
        QVERIFY(client.call(proto::GET_ENVIRONMENT_DETAILS_REQUEST, request,
                            proto::ENVIRONMENT_DETAILS_REPLY, reply));
        QVERIFY(contains(reply.text(), "<role>You are Kilo Code, "));
        QVERIFY(contains(reply.text(), "Kilo rule: keep it tidy."));
        QVERIFY(!contains(reply.text(), "Roo rule"));
    }

    void environment_details_reject_a_bad_time_zone_and_an_unknown_profile() {
        const std::string cwd = canonical(workspace_.path()).toStdString();
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::EnvironmentDetailsReply reply;

        proto::GetEnvironmentDetailsRequest bad_zone = editor_request(cwd);
        bad_zone.mutable_clock()->set_time_zone("Mars/Olympus_Mons");
        auto result = client.call(proto::GET_ENVIRONMENT_DETAILS_REQUEST, bad_zone,
                                  proto::ENVIRONMENT_DETAILS_REPLY, reply);
        QVERIFY(!result);
        QCOMPARE(result.error().code, proto::INVALID_ARGUMENT);
        QVERIFY(contains(result.error().message, "unknown time zone 'Mars/Olympus_Mons'"));

        proto::GetEnvironmentDetailsRequest bad_profile = editor_request(cwd);
        bad_profile.set_profile("nobody");
        result = client.call(proto::GET_ENVIRONMENT_DETAILS_REQUEST, bad_profile,
                             proto::ENVIRONMENT_DETAILS_REPLY, reply);
        QVERIFY(!result);
        QCOMPARE(result.error().code, proto::INVALID_ARGUMENT);
        QVERIFY(contains(result.error().message, "unknown identity profile 'nobody'"));
    }

    void environment_details_with_an_unreadable_rule_file_are_a_file_access_error() {
        // A cwd that is a file: reading <cwd>/.roorules-code fails with ENOTDIR, which the
        // reference lets escape from getFullModeDetails.
        const std::string file = workspace_.filePath(QStringLiteral("AGENTS.md")).toStdString();
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::EnvironmentDetailsReply reply;
        auto result = client.call(proto::GET_ENVIRONMENT_DETAILS_REQUEST, editor_request(file),
                                  proto::ENVIRONMENT_DETAILS_REPLY, reply);
        QVERIFY(!result);
        QCOMPARE(result.error().code, proto::FILE_ACCESS);
    }

    void a_malformed_environment_details_request_is_a_malformed_payload() {
        // cwd: 5 bytes announced, 2 given
        expect_malformed_payload(proto::GET_ENVIRONMENT_DETAILS_REQUEST, 9,
                                 QByteArray("\x0a\x05"
                                            "ab",
                                            4));
    }

  private:
    // A raw frame of `kind` with `payload` gets Error{MALFORMED_PAYLOAD} for `request_id`.
    void expect_malformed_payload(proto::MessageKind kind, std::uint8_t request_id,
                                  const QByteArray& payload) {
        RawConnection connection;
        QVERIFY(connection.connect(service_.socket_path()));
        QVERIFY(connection.send_hello(service_.read_token().toStdString()));
        QVERIFY(connection.receive());  // Welcome
        QByteArray frame(16, '\0');
        frame[0] = char(payload.size());
        frame[4] = char(kind & 0xff);
        frame[5] = char(kind >> 8);
        frame[8] = char(request_id);
        QVERIFY(connection.send_bytes(frame + payload));
        const auto reply = connection.receive();
        QVERIFY(reply);
        QCOMPARE(reply->header.kind, std::uint16_t(proto::ERROR));
        proto::Error error;
        QVERIFY(error.ParseFromArray(reply->payload.constData(), int(reply->payload.size())));
        QCOMPARE(error.code(), proto::MALFORMED_PAYLOAD);
        QCOMPARE(error.request_id(), std::uint64_t(request_id));
    }

    ServiceProcess service_;
    QTemporaryDir workspace_;
};

QTEST_GUILESS_MAIN(PromptServiceTest)
#include "test_prompt_service.moc"
