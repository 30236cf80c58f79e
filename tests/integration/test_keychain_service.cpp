// API keys from the system keychain, against a real Secret Service (gnome-keyring-daemon on a
// private D-Bus session bus): `lapce-ai key set|status|delete` (the key store's round trip), and
// the service filling a request's missing key (settings, then its environment, then the
// keychain). The provider is a local replay server. Skips when the daemons are not installed.

#include <QtTest>

#include <string>

#include "cli_process.h"
#include "ipc_client.h"
#include "keyring_session.h"
#include "ordered_json.h"
#include "replay_server.h"
#include "service_process.h"
#include "test_json.h"

using lapce_ai::testing::CliRun;
using lapce_ai::testing::KeyringSession;
using lapce_ai::testing::ReplayServerThread;
using lapce_ai::testing::run_cli;
using lapce_ai::testing::ServiceProcess;
namespace json = lapce_ai::json;
namespace proto = lapce_ai::ipc::proto;

namespace {

json::OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

json::OrderedJson chat_stream() {
    return parse(
        R"([{"repeat":true,"match":{"path":"/chat/completions"},"sse":[)"
        R"({"data":{"choices":[{"index":0,"delta":{"content":"hi"}}]}},{"data":"[DONE]"}]}])");
}

// An openai CreateMessage to `base_url`; `key_field` is added to the settings as is.
proto::CreateMessageRequest openai_request(const QByteArray& base_url,
                                           const std::string& key_field = {}) {
    proto::CreateMessageRequest request;
    request.mutable_target()->set_provider("openai");
    request.mutable_target()->set_settings_json(R"({"openAiBaseUrl":")" + base_url.toStdString() +
                                                R"(/v1",)" + key_field +
                                                R"("openAiModelId":"gpt-4o"})");
    request.set_messages_json(R"([{"role":"user","content":"hello"}])");
    return request;
}

lapce_ai::Expected<void, lapce_ai::ipc::ClientError> create_message(
    ServiceProcess& service, const proto::CreateMessageRequest& request) {
    lapce_ai::ipc::IpcClient client(service.client_options());
    return client.stream(
        proto::CREATE_MESSAGE_REQUEST, request,
        [](const lapce_ai::ipc::FrameHeader&, std::span<const std::byte>) { return true; });
}

// The Authorization header of the replay server's last request.
QByteArray last_authorization(const ReplayServerThread& provider) {
    const auto requests = provider.requests();
    return requests.empty() ? QByteArray("(no request)") : requests.back().header("authorization");
}

const QByteArray kStoredKey = "sk-from-the-keychain";

}  // namespace

class TestKeychainService : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        if (!KeyringSession::installed())
            QSKIP(
                "dbus-daemon or gnome-keyring-daemon is not installed "
                "(packaging/bootstrap-deps.sh installs them)");
        QString why;
        QVERIFY2(keyring_.start(why), qUtf8Printable(why));
    }

    void cleanup() {
        for (const char* provider : {"openai", "anthropic"}) key({"delete", provider});
    }

    void key_commands_store_overwrite_report_and_delete_without_printing_the_key() {
        CliRun run = key({"status", "openai"});
        QCOMPARE(run.exit_code, 1);
        QCOMPARE(run.out, QByteArray("openai: no key stored\n"));

        run = key({"set", "openai"}, "sk-first\n");
        QVERIFY2(run.exit_code == 0, run.err.constData());
        QCOMPARE(run.out, QByteArray("openai: key stored in the system keychain\n"));
        run = key({"set", "openai"}, kStoredKey + "\r\n");
        QVERIFY2(run.exit_code == 0, run.err.constData());

        run = key({"status", "openai"});
        QCOMPARE(run.exit_code, 0);
        QCOMPARE(run.out, QByteArray("openai: a key is stored in the system keychain\n"));
        QVERIFY(!run.out.contains("sk-") && !run.err.contains("sk-"));
        // One account per provider.
        QCOMPARE(key({"status", "anthropic"}).exit_code, 1);

        run = key({"delete", "openai"});
        QCOMPARE(run.exit_code, 0);
        QCOMPARE(run.out, QByteArray("openai: key deleted from the system keychain\n"));
        QCOMPARE(key({"status", "openai"}).exit_code, 1);
    }

    void key_commands_reject_unknown_providers_and_providers_without_a_key() {
        CliRun run = key({"set", "no-such-provider"}, "sk\n");
        QCOMPARE(run.exit_code, 2);
        QCOMPARE(run.err, QByteArray("lapce-ai: unknown provider 'no-such-provider'\n"));
        run = key({"status", "lmstudio"});
        QCOMPARE(run.exit_code, 2);
        QCOMPARE(run.err, QByteArray("lapce-ai: the lmstudio provider takes no API key\n"));
        run = key({"set", "openai"}, "\n");
        QCOMPARE(run.exit_code, 2);
        QCOMPARE(run.err, QByteArray("lapce-ai: no key on standard input (one line)\n"));
    }

    void service_sends_the_stored_key_and_the_reference_no_key_value_once_deleted() {
        ReplayServerThread provider(chat_stream());
        QVERIFY(provider.listening());
        QProcessEnvironment environment = keyring_.environment();
        environment.remove(QStringLiteral("OPENAI_API_KEY"));
        QCOMPARE(key({"set", "openai"}, kStoredKey + "\n").exit_code, 0);
        ServiceProcess service;
        service.set_environment(environment);
        QVERIFY(service.start());

        auto outcome = create_message(service, openai_request(provider.base_url()));
        QVERIFY2(outcome.has_value(), outcome ? "" : outcome.error().message.c_str());
        QCOMPARE(last_authorization(provider), "Bearer " + kStoredKey);

        // Not cached: the deletion counts from the next request on, which goes out as the
        // reference sends a keyless openai request.
        QCOMPARE(key({"delete", "openai"}).exit_code, 0);
        outcome = create_message(service, openai_request(provider.base_url()));
        QVERIFY(outcome.has_value());
        QCOMPARE(last_authorization(provider), QByteArray("Bearer not-provided"));
    }

    void service_without_any_key_reports_the_references_missing_key_error() {
        QProcessEnvironment environment = keyring_.environment();
        environment.remove(QStringLiteral("ANTHROPIC_API_KEY"));
        ServiceProcess service;
        service.set_environment(environment);
        QVERIFY(service.start());
        proto::CreateMessageRequest request;
        request.mutable_target()->set_provider("anthropic");
        // (moc misreads a URL inside a raw string literal as a comment.)
        request.mutable_target()->set_settings_json(
            "{\"anthropicBaseUrl\":\"http://127.0.0.1:9\","
            "\"apiModelId\":\"claude-sonnet-4-20250514\"}");
        request.set_messages_json(R"([{"role":"user","content":"hello"}])");
        const auto outcome = create_message(service, request);
        QVERIFY(!outcome.has_value());
        QCOMPARE(outcome.error().code, proto::PROVIDER_ERROR);
        QVERIFY2(outcome.error().message.starts_with("Could not resolve authentication method."),
                 outcome.error().message.c_str());
    }

    void settings_key_wins_over_the_environment_which_wins_over_the_keychain() {
        ReplayServerThread provider(chat_stream());
        QVERIFY(provider.listening());
        QCOMPARE(key({"set", "openai"}, kStoredKey + "\n").exit_code, 0);
        QProcessEnvironment environment = keyring_.environment();
        environment.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-from-the-env"));
        ServiceProcess service;
        service.set_environment(environment);
        QVERIFY(service.start());

        QVERIFY(create_message(service, openai_request(provider.base_url())).has_value());
        QCOMPARE(last_authorization(provider), QByteArray("Bearer sk-from-the-env"));
        QVERIFY(create_message(service, openai_request(provider.base_url(),
                                                       R"("openAiApiKey":"sk-from-settings",)"))
                    .has_value());
        QCOMPARE(last_authorization(provider), QByteArray("Bearer sk-from-settings"));
        // An empty key counts as none.
        QVERIFY(
            create_message(service, openai_request(provider.base_url(), R"("openAiApiKey":"",)"))
                .has_value());
        QCOMPARE(last_authorization(provider), QByteArray("Bearer sk-from-the-env"));
    }

  private:
    // `lapce-ai key ARGUMENTS` in the keyring's session. (This process never talks to the
    // keychain itself: GLib's session-bus connection raises SIGTERM when the bus goes away.)
    CliRun key(std::initializer_list<const char*> arguments, const QByteArray& input = {}) {
        QStringList list{QStringLiteral("key")};
        for (const char* argument : arguments) list << QString::fromLatin1(argument);
        return run_cli(list, keyring_.environment(), input);
    }

    KeyringSession keyring_;
};

QTEST_GUILESS_MAIN(TestKeychainService)
#include "test_keychain_service.moc"
