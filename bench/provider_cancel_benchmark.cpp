// Cancel latency through the real service: a CreateMessage streams from a local OpenAI-compatible
// server whose stream never ends; after the first chunk the client sends CANCEL, and the server
// notes when its socket saw the service close the upstream connection. Reports the time from
// the client's CANCEL to that close (median, p99, max) over N trials.
//
//   bench_provider_cancel [--trials 50] [--json]
//
// The service binary: LAPCE_AI_SERVICE_BIN, else the one built with this benchmark.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "ipc_client.h"
#include "service_process.h"

using Clock = std::chrono::steady_clock;
namespace proto = lapce_ai::ipc::proto;

namespace {

// Streams Chat Completions content chunks every 5 ms on every request, without end (a connection
// is closed by the server after 60 s at the latest), and records when a client closed its
// connection.
class EndlessStreamServer : public QObject {
  public:
    // On the thread that serves.
    bool listen() {
        QObject::connect(&server_, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = server_.nextPendingConnection()) serve(socket);
        });
        return server_.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return server_.serverPort(); }

    // The next close after `since`, waiting at most `limit`.
    std::optional<Clock::time_point> wait_for_close(Clock::time_point since,
                                                    std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        const bool closed = closed_.wait_for(lock, limit, [&] {
            return std::any_of(closes_.begin(), closes_.end(),
                               [&](Clock::time_point at) { return at >= since; });
        });
        if (!closed) return std::nullopt;
        return *std::find_if(closes_.begin(), closes_.end(),
                             [&](Clock::time_point at) { return at >= since; });
    }

  private:
    void serve(QTcpSocket* socket) {
        socket->setParent(this);
        auto* timer = new QTimer(socket);
        auto request = std::make_shared<QByteArray>();
        auto streaming = std::make_shared<bool>(false);
        QObject::connect(
            socket, &QTcpSocket::readyRead, socket, [socket, timer, request, streaming] {
                request->append(socket->readAll());
                if (*streaming) return;
                const qsizetype end = request->indexOf("\r\n\r\n");
                if (end < 0) return;
                const qsizetype length_at = request->toLower().indexOf("content-length:");
                const qsizetype length =
                    length_at < 0 ? 0
                                  : request
                                        ->mid(length_at + 15,
                                              request->indexOf('\r', length_at) - length_at - 15)
                                        .trimmed()
                                        .toLongLong();
                if (request->size() < end + 4 + length) return;
                *streaming = true;
                socket->write(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n");
                timer->start(5);
            });
        QObject::connect(timer, &QTimer::timeout, socket, [socket] {
            static const QByteArray event =
                R"(data: {"choices":[{"index":0,"delta":{"content":"token "}}]})"
                "\n\n";
            socket->write(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
        });
        QTimer::singleShot(60'000, socket, [socket] { socket->abort(); });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [this, socket, timer] {
            timer->stop();
            {
                std::lock_guard lock(mutex_);
                closes_.push_back(Clock::now());
            }
            closed_.notify_all();
            socket->deleteLater();
        });
    }

    QTcpServer server_{this};
    std::mutex mutex_;
    std::condition_variable closed_;
    std::vector<Clock::time_point> closes_;
};

proto::CreateMessageRequest create_message(quint16 port) {
    proto::CreateMessageRequest request;
    request.mutable_target()->set_provider("openai");
    request.mutable_target()->set_settings_json(
        R"({"openAiBaseUrl":"http://127.0.0.1:)" + std::to_string(port) +
        R"(/v1","openAiApiKey":"sk-local","openAiModelId":"gpt-4o"})");
    request.set_system_prompt("You are terse.");
    request.set_messages_json(R"([{"role":"user","content":"hello"}])");
    request.mutable_metadata()->set_task_id("cancel-bench");
    return request;
}

double percentile(std::vector<double> values, double fraction) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
    return values[index];
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("trials"), QStringLiteral("cancelled streams (50)"),
                        QStringLiteral("n"), QStringLiteral("50")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    parser.process(app);
    const int trials = std::clamp(parser.value(QStringLiteral("trials")).toInt(), 1, 10'000);
    if (!qEnvironmentVariableIsSet("LAPCE_AI_SERVICE_BIN"))
        qputenv("LAPCE_AI_SERVICE_BIN", LAPCE_AI_SERVICE_BIN_DEFAULT);

    // The server lives on its own thread: the client below blocks while it streams.
    QThread server_thread;
    QObject anchor;
    anchor.moveToThread(&server_thread);
    server_thread.start();
    std::unique_ptr<EndlessStreamServer> server;
    bool listening = false;
    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            server = std::make_unique<EndlessStreamServer>();
            listening = server->listen();
        },
        Qt::BlockingQueuedConnection);
    const auto stop_server = [&] {
        QMetaObject::invokeMethod(
            &anchor, [&] { server.reset(); }, Qt::BlockingQueuedConnection);
        server_thread.quit();
        server_thread.wait();
    };
    if (!listening) {
        std::fprintf(stderr, "bench_provider_cancel: cannot listen\n");
        stop_server();
        return 1;
    }

    lapce_ai::testing::ServiceProcess service;
    if (!service.start()) {
        std::fprintf(stderr, "bench_provider_cancel: the service did not start\n");
        stop_server();
        return 1;
    }
    lapce_ai::ipc::IpcClient client(service.client_options());
    const proto::CreateMessageRequest request = create_message(server->port());
    std::vector<double> latencies_ms;
    for (int trial = 0; trial < trials; ++trial) {
        Clock::time_point cancelled_at;
        const auto outcome = client.stream(
            proto::CREATE_MESSAGE_REQUEST, request,
            [&](const lapce_ai::ipc::FrameHeader& header, std::span<const std::byte>) {
                if (header.kind != proto::API_STREAM_CHUNK) return true;
                // Returning false makes the client send CANCEL at once.
                cancelled_at = Clock::now();
                return false;
            });
        if (outcome || outcome.error().code != proto::CANCELLED) {
            std::fprintf(stderr, "bench_provider_cancel: trial %d was not cancelled: %s\n", trial,
                         outcome ? "it completed" : outcome.error().message.c_str());
            stop_server();
            return 1;
        }
        const auto closed = server->wait_for_close(cancelled_at, std::chrono::seconds(5));
        if (!closed) {
            std::fprintf(stderr, "bench_provider_cancel: trial %d: upstream still open after 5 s\n",
                         trial);
            stop_server();
            return 1;
        }
        latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(*closed - cancelled_at).count());
    }
    stop_server();

    const double median = percentile(latencies_ms, 0.5);
    const double p99 = percentile(latencies_ms, 0.99);
    const double max = *std::max_element(latencies_ms.begin(), latencies_ms.end());
    if (parser.isSet(QStringLiteral("json"))) {
        std::printf(R"({"trials":%d,"cancel_to_abort_ms":{"median":%.3f,"p99":%.3f,"max":%.3f}})"
                    "\n",
                    trials, median, p99, max);
    } else {
        std::printf(
            "cancel -> upstream close over %d trials: median %.3f ms, p99 %.3f ms, max %.3f ms\n",
            trials, median, p99, max);
    }
    return 0;
}
