#include <QDateTime>
#include <QJsonDocument>

#include <cstdio>

#include "cli_options.h"
#include "metrics_subscription.h"

namespace lapce_ai::cli {
namespace {

void print_line(const ipc::proto::MetricsSnapshot& snapshot) {
    std::printf(
        "%s  rss %.1f MiB  latency p50 %.1f us  p99 %.1f us  %.0f msgs/s  %u sessions  "
        "%llu recoveries (last %llu ms)  %llu starts, %llu unclean\n",
        qUtf8Printable(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz"))),
        static_cast<double>(snapshot.rss_bytes()) / 1048576.0, ipc::ipc_latency(snapshot).p50_us(),
        ipc::ipc_latency(snapshot).p99_us(), snapshot.messages_per_s(), snapshot.sessions_active(),
        static_cast<unsigned long long>(snapshot.recoveries_total()),
        static_cast<unsigned long long>(snapshot.last_recovery_ms()),
        static_cast<unsigned long long>(snapshot.service_starts()),
        static_cast<unsigned long long>(snapshot.unclean_restarts()));
}

}  // namespace

int run_status_watch(const CliOptions& options) {
    ipc::ClientOptions client_options = options.client;
    client_options.reconnect.enabled = false;
    ipc::IpcClient client(client_options);
    std::uint32_t printed = 0;
    auto result =
        ipc::subscribe_metrics(client, std::chrono::milliseconds(options.interval_ms),
                               [&](const ipc::proto::MetricsSnapshot& snapshot) {
                                   if (options.json) {
                                       std::printf("%s\n", QJsonDocument(metrics_json(snapshot))
                                                               .toJson(QJsonDocument::Compact)
                                                               .constData());
                                   } else {
                                       print_line(snapshot);
                                   }
                                   std::fflush(stdout);  // a line as it comes, also into a pipe
                                   return options.count == 0 || ++printed < options.count;
                               });
    if (!result) return report_error(result.error());
    return 0;
}

}  // namespace lapce_ai::cli
