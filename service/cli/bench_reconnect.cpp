#include <signal.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "cli_options.h"
#include "sample_stats.h"

namespace lapce_ai::cli {

int run_bench_reconnect(const CliOptions& options) {
    if (options.client.service_program.isEmpty()) {
        std::fprintf(stderr,
                     "lapce-ai: bench reconnect needs --service-program to restart the service\n");
        return 2;
    }
    ipc::ClientOptions client_options = options.client;
    client_options.client_name = "lapce-ai-bench-reconnect";
    ipc::IpcClient client(client_options);
    ipc::proto::Ping ping;
    ipc::proto::Pong pong;
    ping.set_payload("reconnect");
    if (auto result = client.call(ipc::proto::PING, ping, ipc::proto::PONG, pong); !result) {
        return report_error(result.error());
    }
    std::vector<double> reconnect_ms;
    std::uint64_t lost = 0;
    for (std::uint32_t trial = 0; trial < options.trials; ++trial) {
        const auto pid = static_cast<pid_t>(client.welcome().server_pid());
        const auto killed = std::chrono::steady_clock::now();
        ::kill(pid, SIGKILL);
        // Ping is idempotent: the client notices the loss, restarts the service, replays it.
        if (auto result = client.call(ipc::proto::PING, ping, ipc::proto::PONG, pong); !result) {
            ++lost;
            std::fprintf(stderr, "lapce-ai: trial %u lost its request: %s\n", trial,
                         result.error().message.c_str());
            continue;
        }
        reconnect_ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - killed)
                .count());
    }
    std::vector<double> sorted = reconnect_ms;
    const double p50 = quantile(sorted, 0.50);
    const double p99 = quantile(sorted, 0.99);
    const ipc::RecoveryStats stats = client.recovery_stats();
    if (options.json) {
        const QJsonObject json{
            {QStringLiteral("trials"), static_cast<qint64>(options.trials)},
            {QStringLiteral("reconnect_p50_ms"), p50},
            {QStringLiteral("reconnect_p99_ms"), p99},
            {QStringLiteral("lost_requests"), static_cast<qint64>(lost)},
            {QStringLiteral("recoveries"), static_cast<qint64>(stats.recoveries)}};
        std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("reconnect after SIGKILL: p50 %.1f ms, p99 %.1f ms, %llu lost of %u\n", p50,
                    p99, static_cast<unsigned long long>(lost), options.trials);
    }
    return lost == 0 ? 0 : 1;
}

}  // namespace lapce_ai::cli
