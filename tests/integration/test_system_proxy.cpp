// The service uses the system's proxy (here: http_proxy in its environment) for provider
// requests, but never for loopback hosts. The proxy is a local replay server, which records the
// absolute-form request line a proxied request carries; the "remote" host is never resolved.

#include <QTcpServer>
#include <QtTest>

#include <string>

#include "ipc_client.h"
#include "ordered_json.h"
#include "replay_server.h"
#include "service_process.h"
#include "test_json.h"

using lapce_ai::testing::ReplayServerThread;
using lapce_ai::testing::ServiceProcess;
namespace json = lapce_ai::json;
namespace proto = lapce_ai::ipc::proto;

namespace {

json::OrderedJson chat_stream() {
    return lapce_ai::testing::parse_test_json(
        R"([{"repeat":true,"match":{"path":"/chat/completions"},"sse":[)"
        R"({"data":{"choices":[{"index":0,"delta":{"content":"hi"}}]}},{"data":"[DONE]"}]}])");
}

// This process's environment with `proxy` as the only proxy setting.
QProcessEnvironment environment_with_proxy(const QString& proxy) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
                             "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"}) {
        environment.remove(QString::fromLatin1(name));
    }
    environment.insert(QStringLiteral("http_proxy"), proxy);
    return environment;
}

// A loopback port nothing listens on.
quint16 closed_port() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost)) qFatal("cannot listen on loopback");
    return server.serverPort();
}

lapce_ai::Expected<void, lapce_ai::ipc::ClientError> create_message(ServiceProcess& service,
                                                                    const std::string& base_url) {
    proto::CreateMessageRequest request;
    request.mutable_target()->set_provider("openai");
    request.mutable_target()->set_settings_json(R"({"openAiBaseUrl":")" + base_url +
                                                R"(/v1","openAiApiKey":"sk-local",)"
                                                R"("openAiModelId":"gpt-4o"})");
    request.set_messages_json(R"([{"role":"user","content":"hello"}])");
    lapce_ai::ipc::IpcClient client(service.client_options());
    return client.stream(
        proto::CREATE_MESSAGE_REQUEST, request,
        [](const lapce_ai::ipc::FrameHeader&, std::span<const std::byte>) { return true; });
}

}  // namespace

class TestSystemProxy : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void loopback_requests_never_go_through_the_proxy() {
        ReplayServerThread provider(chat_stream());
        QVERIFY(provider.listening());
        ServiceProcess service;
        service.set_environment(
            environment_with_proxy(QStringLiteral("http://127.0.0.1:%1").arg(closed_port())));
        QVERIFY(service.start());
        const std::string port =
            QUrl(QString::fromLatin1(provider.base_url())).port() > 0
                ? std::to_string(QUrl(QString::fromLatin1(provider.base_url())).port())
                : std::string();
        for (const std::string host : {"127.0.0.1", "localhost"}) {
            const auto outcome = create_message(service, "http://" + host + ":" + port);
            QVERIFY2(outcome.has_value(),
                     (host + ": " + (outcome ? "" : outcome.error().message)).c_str());
        }
        QCOMPARE(provider.requests().size(), std::size_t(2));
        QCOMPARE(provider.requests()[0].path, QByteArray("/v1/chat/completions"));
    }

    void other_hosts_go_through_the_environments_proxy() {
        ReplayServerThread proxy(chat_stream());
        QVERIFY(proxy.listening());
        ServiceProcess service;
        service.set_environment(environment_with_proxy(QString::fromLatin1(proxy.base_url())));
        QVERIFY(service.start());
        const auto outcome = create_message(service, "http://example.invalid");
        QVERIFY2(outcome.has_value(), outcome ? "" : outcome.error().message.c_str());
        const auto requests = proxy.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        QCOMPARE(requests[0].path, QByteArray("http://example.invalid/v1/chat/completions"));
    }
};

QTEST_GUILESS_MAIN(TestSystemProxy)
#include "test_system_proxy.moc"
