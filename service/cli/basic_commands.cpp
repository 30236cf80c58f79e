#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdio>

#include "cli_options.h"

namespace lapce_ai::cli {
namespace {

QJsonObject summary_json(const ipc::proto::LatencySummary& summary) {
    return {{QStringLiteral("count"), static_cast<qint64>(summary.count())},
            {QStringLiteral("p50_us"), summary.p50_us()},
            {QStringLiteral("p99_us"), summary.p99_us()},
            {QStringLiteral("p999_us"), summary.p999_us()},
            {QStringLiteral("max_us"), summary.max_us()}};
}

QJsonObject errors_json(const ipc::proto::ProviderHostMetrics& host) {
    QJsonObject errors;
    for (const ipc::proto::ErrorCount& error : host.errors()) {
        errors.insert(QString::fromStdString(error.kind()), static_cast<qint64>(error.count()));
    }
    return errors;
}

QJsonArray provider_hosts_json(const ipc::proto::MetricsSnapshot& snapshot) {
    QJsonArray hosts;
    for (const ipc::proto::ProviderHostMetrics& host : snapshot.provider_hosts()) {
        hosts.append(QJsonObject{
            {QStringLiteral("host"), QString::fromStdString(host.host())},
            {QStringLiteral("requests"), static_cast<qint64>(host.requests())},
            {QStringLiteral("new_connections"), static_cast<qint64>(host.new_connections())},
            {QStringLiteral("hit_rate"), host.hit_rate()},
            {QStringLiteral("acquisition"), summary_json(host.acquisition())},
            {QStringLiteral("active_streams"), static_cast<qint64>(host.active_streams())},
            {QStringLiteral("transport_errors"), static_cast<qint64>(host.transport_errors())},
            {QStringLiteral("errors"), errors_json(host)},
        });
    }
    return hosts;
}

void print_provider_hosts(const ipc::proto::MetricsSnapshot& snapshot) {
    if (snapshot.provider_hosts().empty()) {
        std::printf("providers     no upstream requests yet\n");
        return;
    }
    for (const ipc::proto::ProviderHostMetrics& host : snapshot.provider_hosts()) {
        std::printf(
            "provider      %s: %llu requests, %llu new connections, hit rate %.1f%%, "
            "acquisition p50 %.1f us, p99 %.1f us, %llu active, %llu transport errors\n",
            host.host().c_str(), static_cast<unsigned long long>(host.requests()),
            static_cast<unsigned long long>(host.new_connections()), host.hit_rate() * 100,
            host.acquisition().p50_us(), host.acquisition().p99_us(),
            static_cast<unsigned long long>(host.active_streams()),
            static_cast<unsigned long long>(host.transport_errors()));
    }
}

}  // namespace

QJsonObject metrics_json(const ipc::proto::MetricsSnapshot& snapshot) {
    const ipc::proto::TreeCacheMetrics& trees = snapshot.tree_cache();
    return {
        {QStringLiteral("version"), QString::fromStdString(snapshot.version())},
        {QStringLiteral("server_pid"), static_cast<qint64>(snapshot.server_pid())},
        {QStringLiteral("started_at"), static_cast<qint64>(snapshot.started_at())},
        {QStringLiteral("uptime_ms"), static_cast<qint64>(snapshot.uptime_ms())},
        {QStringLiteral("sessions_active"), static_cast<qint64>(snapshot.sessions_active())},
        {QStringLiteral("sessions_total"), static_cast<qint64>(snapshot.sessions_total())},
        {QStringLiteral("messages_in"), static_cast<qint64>(snapshot.messages_in())},
        {QStringLiteral("messages_out"), static_cast<qint64>(snapshot.messages_out())},
        {QStringLiteral("messages_per_s"), snapshot.messages_per_s()},
        {QStringLiteral("handler_latency"), summary_json(snapshot.handler_latency())},
        {QStringLiteral("round_trip"), summary_json(snapshot.round_trip())},
        {QStringLiteral("recoveries_total"), static_cast<qint64>(snapshot.recoveries_total())},
        {QStringLiteral("recovery_duration"), summary_json(snapshot.recovery_duration())},
        {QStringLiteral("last_recovery_ms"), static_cast<qint64>(snapshot.last_recovery_ms())},
        {QStringLiteral("last_recovery_at"), static_cast<qint64>(snapshot.last_recovery_at())},
        {QStringLiteral("service_starts"), static_cast<qint64>(snapshot.service_starts())},
        {QStringLiteral("unclean_restarts"), static_cast<qint64>(snapshot.unclean_restarts())},
        {QStringLiteral("protocol_errors"), static_cast<qint64>(snapshot.protocol_errors())},
        {QStringLiteral("rss_bytes"), static_cast<qint64>(snapshot.rss_bytes())},
        {QStringLiteral("pss_bytes"), static_cast<qint64>(snapshot.pss_bytes())},
        {QStringLiteral("heap_in_use_bytes"), static_cast<qint64>(snapshot.heap_in_use_bytes())},
        {QStringLiteral("allocations_total"), static_cast<qint64>(snapshot.allocations_total())},
        {QStringLiteral("tree_cache"),
         QJsonObject{{QStringLiteral("entries"), static_cast<qint64>(trees.entries())},
                     {QStringLiteral("bytes"), static_cast<qint64>(trees.bytes())},
                     {QStringLiteral("hits"), static_cast<qint64>(trees.hits())},
                     {QStringLiteral("misses"), static_cast<qint64>(trees.misses())},
                     {QStringLiteral("hit_rate"), trees.hit_rate()}}},
        {QStringLiteral("provider_hosts"), provider_hosts_json(snapshot)},
        {QStringLiteral("sequence"), static_cast<qint64>(snapshot.sequence())},
    };
}

Expected<ipc::proto::MetricsSnapshot, ipc::ClientError> fetch_metrics(ipc::IpcClient& client) {
    ipc::proto::MetricsRequest request;
    ipc::proto::MetricsSnapshot snapshot;
    if (auto result = client.call(ipc::proto::METRICS_REQUEST, request,
                                  ipc::proto::METRICS_SNAPSHOT, snapshot);
        !result) {
        return unexpected(result.error());
    }
    return snapshot;
}

int report_error(const ipc::ClientError& error) {
    std::fprintf(stderr, "lapce-ai: %s: %s\n", ipc::proto::ErrorCode_Name(error.code).c_str(),
                 error.message.c_str());
    return error.code == ipc::proto::UNAVAILABLE ? 3 : 1;
}

int run_ping(const CliOptions& options) {
    ipc::ClientOptions client_options = options.client;
    client_options.reconnect.enabled = false;
    ipc::IpcClient client(client_options);
    ipc::proto::Ping ping;
    ipc::proto::Pong pong;
    ping.set_payload("ping");
    const auto started = std::chrono::steady_clock::now();
    if (auto result = client.call(ipc::proto::PING, ping, ipc::proto::PONG, pong); !result) {
        return report_error(result.error());
    }
    const double micros =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started)
            .count();
    std::printf("pong from lapce-ai-service pid %lld (session %llu) in %.1f us\n",
                static_cast<long long>(client.welcome().server_pid()),
                static_cast<unsigned long long>(client.welcome().session_id()), micros);
    return 0;
}

int run_status(const CliOptions& options) {
    ipc::ClientOptions client_options = options.client;
    client_options.reconnect.enabled = false;
    ipc::IpcClient client(client_options);
    auto fetched = fetch_metrics(client);
    if (!fetched) return report_error(fetched.error());
    const ipc::proto::MetricsSnapshot& snapshot = *fetched;
    if (options.json) {
        const QJsonObject json = metrics_json(snapshot);
        std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    std::printf("lapce-ai-service %s, pid %lld, up %.1f s\n", snapshot.version().c_str(),
                static_cast<long long>(snapshot.server_pid()),
                static_cast<double>(snapshot.uptime_ms()) / 1000.0);
    std::printf("sessions      %u active, %llu total\n", snapshot.sessions_active(),
                static_cast<unsigned long long>(snapshot.sessions_total()));
    std::printf("messages      %llu in, %llu out, %.0f/s since last status\n",
                static_cast<unsigned long long>(snapshot.messages_in()),
                static_cast<unsigned long long>(snapshot.messages_out()),
                snapshot.messages_per_s());
    std::printf(
        "round trip    p50 %.2f us, p99 %.2f us, p99.9 %.2f us (%llu reported by clients)\n",
        snapshot.round_trip().p50_us(), snapshot.round_trip().p99_us(),
        snapshot.round_trip().p999_us(),
        static_cast<unsigned long long>(snapshot.round_trip().count()));
    std::printf("handler time  p50 %.2f us, p99 %.2f us, p99.9 %.2f us\n",
                snapshot.handler_latency().p50_us(), snapshot.handler_latency().p99_us(),
                snapshot.handler_latency().p999_us());
    std::printf("recoveries    %llu (p50 %.1f ms, last %llu ms)\n",
                static_cast<unsigned long long>(snapshot.recoveries_total()),
                snapshot.recovery_duration().p50_us() / 1000.0,
                static_cast<unsigned long long>(snapshot.last_recovery_ms()));
    std::printf("restarts      %llu starts, %llu unclean\n",
                static_cast<unsigned long long>(snapshot.service_starts()),
                static_cast<unsigned long long>(snapshot.unclean_restarts()));
    std::printf("tree cache    %llu entries, %.1f KiB, hit rate %.1f%%\n",
                static_cast<unsigned long long>(snapshot.tree_cache().entries()),
                static_cast<double>(snapshot.tree_cache().bytes()) / 1024.0,
                snapshot.tree_cache().hit_rate() * 100);
    std::printf("errors        %llu protocol errors\n",
                static_cast<unsigned long long>(snapshot.protocol_errors()));
    std::printf("memory        RSS %.1f MiB, PSS %.1f MiB, heap %.1f MiB\n",
                static_cast<double>(snapshot.rss_bytes()) / 1048576.0,
                static_cast<double>(snapshot.pss_bytes()) / 1048576.0,
                static_cast<double>(snapshot.heap_in_use_bytes()) / 1048576.0);
    print_provider_hosts(snapshot);
    return 0;
}

}  // namespace lapce_ai::cli
