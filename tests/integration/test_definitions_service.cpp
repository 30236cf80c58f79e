// Code definitions through the real service: `lapce-ai defs`, ListCodeDefinitions, DidChange and
// DidClose over IPC, and the typed errors for requests the service cannot carry out.

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

#include "cli_process.h"
#include "ipc_client.h"
#include "service_process.h"
#include "test_files.h"

using lapce_ai::testing::CliRun;
using lapce_ai::testing::ServiceProcess;
using lapce_ai::testing::write_test_file;
namespace proto = lapce_ai::ipc::proto;

namespace {

const QByteArray kClasses =
    "export class Alpha {\n  run() {\n    return 1;\n  }\n}\n"
    "export class Beta {\n  run() {\n    return 2;\n  }\n}\n";

CliRun run_cli(const ServiceProcess& service, QStringList arguments) {
    arguments.prepend(service.socket_dir());
    arguments.prepend(QStringLiteral("--socket-dir"));
    return lapce_ai::testing::run_cli(arguments);
}

}  // namespace

class DefinitionsServiceTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        write_test_file(dir_.filePath(QStringLiteral("src/a.ts")), kClasses);
        write_test_file(dir_.filePath(QStringLiteral("src/notes.txt")), "plain text\n");
        write_test_file(dir_.filePath(QStringLiteral("src/old.vb")), "Module M\nEnd Module\n");
        QVERIFY(service_.start());
    }

    void defs_prints_a_files_definitions_exactly() {
        const CliRun run =
            run_cli(service_, {QStringLiteral("defs"), dir_.filePath(QStringLiteral("src/a.ts"))});
        QCOMPARE(run.exit_code, 0);
        QCOMPARE(run.out,
                 QByteArray("# a.ts\n1--5 | export class Alpha {\n6--10 | export class Beta {\n"));
    }

    void defs_of_a_directory_prints_the_top_level_output() {
        const CliRun run =
            run_cli(service_, {QStringLiteral("defs"), dir_.filePath(QStringLiteral("src"))});
        QCOMPARE(run.exit_code, 1);  // old.vb: the reference throws for .vb
        QCOMPARE(run.err, QByteArray("lapce-ai: Unsupported language: vb\n"));
    }

    void defs_of_an_unlisted_extension_prints_nothing_and_succeeds() {
        const CliRun run = run_cli(
            service_, {QStringLiteral("defs"), dir_.filePath(QStringLiteral("src/notes.txt"))});
        QCOMPARE(run.exit_code, 0);
        QVERIFY(run.out.isEmpty());
    }

    void list_code_definitions_over_ipc_reports_the_result_kind() {
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::ListCodeDefinitionsRequest request;
        request.set_path(dir_.filePath(QStringLiteral("src/missing.ts")).toStdString());
        proto::CodeDefinitionsReply reply;
        QVERIFY(client.call(proto::LIST_CODE_DEFINITIONS_REQUEST, request,
                            proto::CODE_DEFINITIONS_REPLY, reply));
        QCOMPARE(reply.result(), proto::CodeDefinitionsReply::RESULT_STRING);
        QCOMPARE(
            reply.text(),
            std::string("This file does not exist or you do not have permission to access it."));

        request.set_path(dir_.filePath(QStringLiteral("src/old.vb")).toStdString());
        QVERIFY(client.call(proto::LIST_CODE_DEFINITIONS_REQUEST, request,
                            proto::CODE_DEFINITIONS_REPLY, reply));
        QCOMPARE(reply.result(), proto::CodeDefinitionsReply::RESULT_ERROR);
        QCOMPARE(reply.text(), std::string("Unsupported language: vb"));
    }

    void a_relative_path_is_an_invalid_argument() {
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::ListCodeDefinitionsRequest request;
        request.set_path("src/a.ts");
        proto::CodeDefinitionsReply reply;
        const auto result = client.call(proto::LIST_CODE_DEFINITIONS_REQUEST, request,
                                        proto::CODE_DEFINITIONS_REPLY, reply);
        QVERIFY(!result);
        QCOMPARE(result.error().code, proto::INVALID_ARGUMENT);
    }

    void edits_reported_before_a_save_serve_the_saved_file() {
        const QString path = dir_.filePath(QStringLiteral("edit/b.ts"));
        write_test_file(path, kClasses);
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::DidChange change;
        change.set_path(path.toStdString());
        proto::TextEdit* edit = change.add_edits();
        edit->mutable_start()->set_line(0);
        edit->mutable_start()->set_character(13);
        edit->mutable_end()->set_line(0);
        edit->mutable_end()->set_character(18);
        edit->set_new_text("Gamma");
        proto::DocumentAck ack;
        QVERIFY(client.call(proto::DID_CHANGE, change, proto::DOCUMENT_ACK, ack));

        QByteArray saved = kClasses;
        saved.replace("Alpha", "Gamma");
        write_test_file(path, saved);
        proto::ListCodeDefinitionsRequest request;
        request.set_path(path.toStdString());
        proto::CodeDefinitionsReply reply;
        QVERIFY(client.call(proto::LIST_CODE_DEFINITIONS_REQUEST, request,
                            proto::CODE_DEFINITIONS_REPLY, reply));
        QCOMPARE(reply.text(),
                 std::string("# b.ts\n1--5 | export class Gamma {\n6--10 | export class Beta {\n"));

        proto::DidClose close;
        close.set_path(path.toStdString());
        QVERIFY(client.call(proto::DID_CLOSE, close, proto::DOCUMENT_ACK, ack));
        QVERIFY(ack.was_open());
        QVERIFY(client.call(proto::DID_CLOSE, close, proto::DOCUMENT_ACK, ack));
        QVERIFY(!ack.was_open());
    }

    void an_edit_outside_the_document_is_an_invalid_argument() {
        const QString path = dir_.filePath(QStringLiteral("edit/c.ts"));
        write_test_file(path, kClasses);
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::DidChange change;
        change.set_path(path.toStdString());
        proto::TextEdit* edit = change.add_edits();
        edit->mutable_start()->set_line(500);
        edit->mutable_end()->set_line(500);
        proto::DocumentAck ack;
        const auto result = client.call(proto::DID_CHANGE, change, proto::DOCUMENT_ACK, ack);
        QVERIFY(!result);
        QCOMPARE(result.error().code, proto::INVALID_ARGUMENT);
        QVERIFY(service_.running());
    }

    void a_huge_file_does_not_hold_up_other_requests() {
        // 10 MB of TypeScript: its parse runs on a worker while the session keeps answering.
        QByteArray huge;
        for (int i = 0; huge.size() < 10 * 1024 * 1024; ++i) {
            huge += "export class Huge" + QByteArray::number(i) + " {\n  run() {\n    return " +
                    QByteArray::number(i) + ";\n  }\n}\n";
        }
        const QString path = dir_.filePath(QStringLiteral("huge/huge.ts"));
        write_test_file(path, huge);

        std::atomic<bool> definitions_done{false};
        std::atomic<bool> definitions_ok{false};
        std::string definitions_error;
        std::thread definitions([&] {
            // The parse may use all of its 10 s limit (sanitizer builds); the reply comes after.
            auto options = service_.client_options();
            options.request_timeout = std::chrono::seconds(60);
            lapce_ai::ipc::IpcClient client(options);
            proto::ListCodeDefinitionsRequest request;
            request.set_path(path.toStdString());
            proto::CodeDefinitionsReply reply;
            const auto result = client.call(proto::LIST_CODE_DEFINITIONS_REQUEST, request,
                                            proto::CODE_DEFINITIONS_REPLY, reply);
            // Either the definitions or the typed error of the time limit.
            definitions_ok = result || result.error().code == proto::PARSE_STOPPED;
            if (!result) definitions_error = result.error().message;
            definitions_done = true;
        });
        lapce_ai::ipc::IpcClient client(service_.client_options());
        proto::Ping ping;
        proto::Pong pong;
        QTest::qWait(50);  // the definitions request is under way
        QVERIFY(client.call(proto::PING, ping, proto::PONG, pong));
        const bool answered_during_parse = !definitions_done;
        definitions.join();
        QVERIFY2(answered_during_parse, "the ping waited for the 10 MB parse");
        QVERIFY2(definitions_ok, definitions_error.c_str());
        QVERIFY(service_.running());
    }

  private:
    QTemporaryDir dir_;
    ServiceProcess service_;
};

QTEST_GUILESS_MAIN(DefinitionsServiceTest)
#include "test_definitions_service.moc"
