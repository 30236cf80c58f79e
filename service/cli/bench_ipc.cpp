#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdio>
#include <vector>

#include "allocation_counter.h"
#include "cli_options.h"
#include "sample_stats.h"

namespace lapce_ai::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint32_t kWarmupMessages = 2000;

}  // namespace

int run_bench_ipc(const CliOptions& options) {
    ipc::ClientOptions client_options = options.client;
    client_options.reconnect.enabled = false;
    client_options.client_name = "lapce-ai-bench";
    ipc::IpcClient client(client_options);
    if (auto connected = client.connect(); !connected) return report_error(connected.error());

    ipc::proto::Ping ping;
    ipc::proto::Pong pong;
    ping.mutable_payload()->assign(options.size, 'p');
    auto round_trip = [&] {
        pong.mutable_payload()->swap(*ping.mutable_payload());  // keep both buffers' capacity
        ping.mutable_payload()->resize(options.size, 'p');
        return client.call(ipc::proto::PING, ping, ipc::proto::PONG, pong);
    };
    for (std::uint32_t i = 0; i < kWarmupMessages; ++i) {
        if (auto result = round_trip(); !result) return report_error(result.error());
    }

    // The first metrics request warms the service's metrics path (its reply buffer grows once),
    // so that the second one brackets the timed loop without counting its own set-up.
    if (auto warm = fetch_metrics(client); !warm) return report_error(warm.error());
    auto before = fetch_metrics(client);
    if (!before) return report_error(before.error());
    std::vector<double> rtt_us(options.messages);
    const std::uint64_t client_allocations_before = allocation_count().value_or(0);
    const auto loop_started = Clock::now();
    for (std::uint32_t i = 0; i < options.messages; ++i) {
        const auto sent = Clock::now();
        if (auto result = round_trip(); !result) return report_error(result.error());
        rtt_us[i] = std::chrono::duration<double, std::micro>(Clock::now() - sent).count();
    }
    const double loop_seconds = std::chrono::duration<double>(Clock::now() - loop_started).count();
    const std::uint64_t client_allocations =
        allocation_count().value_or(0) - client_allocations_before;
    auto after = fetch_metrics(client);
    if (!after) return report_error(after.error());
    const std::uint64_t service_allocations =
        after->allocations_total() - before->allocations_total();

    const std::uint32_t stream_count =
        options.stream_messages != 0 ? options.stream_messages : options.messages;
    ipc::proto::EchoStreamRequest stream_request;
    stream_request.set_count(stream_count);
    stream_request.set_chunk_bytes(options.size);
    std::uint64_t received = 0;
    const auto stream_started = Clock::now();
    auto streamed = client.stream(ipc::proto::ECHO_STREAM_REQUEST, stream_request,
                                  [&](const ipc::FrameHeader&, std::span<const std::byte>) {
                                      ++received;
                                      return true;
                                  });
    const double stream_seconds =
        std::chrono::duration<double>(Clock::now() - stream_started).count();
    if (!streamed) return report_error(streamed.error());
    auto final_metrics = fetch_metrics(client);
    if (!final_metrics) return report_error(final_metrics.error());

    const double p50 = quantile(rtt_us, 0.50);
    const double p99 = quantile(rtt_us, 0.99);
    const double p999 = quantile(rtt_us, 0.999);
    const bool counted = allocation_count().has_value() && after->allocations_total() > 0;
    const QJsonObject json{
        {QStringLiteral("transport"), options.client.transport == ipc::proto::TRANSPORT_SHM
                                          ? QStringLiteral("shm")
                                          : QStringLiteral("socket")},
        {QStringLiteral("wake"), client.welcome().wake() == ipc::proto::WAKE_DOORBELL
                                     ? QStringLiteral("doorbell")
                                     : QStringLiteral("futex")},
        {QStringLiteral("size"), static_cast<qint64>(options.size)},
        {QStringLiteral("messages"), static_cast<qint64>(options.messages)},
        {QStringLiteral("rtt_p50_us"), p50},
        {QStringLiteral("rtt_p99_us"), p99},
        {QStringLiteral("rtt_p999_us"), p999},
        {QStringLiteral("round_trips_per_s"), static_cast<double>(options.messages) / loop_seconds},
        {QStringLiteral("stream_messages"), static_cast<qint64>(received)},
        {QStringLiteral("throughput_msgs_per_s"), static_cast<double>(received) / stream_seconds},
        {QStringLiteral("allocations_per_message"),
         counted ? static_cast<double>(client_allocations + service_allocations) / options.messages
                 : -1.0},
        {QStringLiteral("client_allocations"), static_cast<qint64>(client_allocations)},
        {QStringLiteral("service_allocations"), static_cast<qint64>(service_allocations)},
        {QStringLiteral("service_rss_kb"), static_cast<qint64>(final_metrics->rss_bytes() / 1024)},
        {QStringLiteral("service_pss_kb"), static_cast<qint64>(final_metrics->pss_bytes() / 1024)},
    };
    if (options.json) {
        std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("transport %s, %u-byte payloads\n",
                    qUtf8Printable(json[QStringLiteral("transport")].toString()), options.size);
        std::printf("round trip   p50 %.2f us  p99 %.2f us  p99.9 %.2f us  (%u messages)\n", p50,
                    p99, p999, options.messages);
        std::printf("stream       %.0f msg/s (%llu messages)\n",
                    json[QStringLiteral("throughput_msgs_per_s")].toDouble(),
                    static_cast<unsigned long long>(received));
        std::printf("allocations  %.4f per message (client %llu, service %llu)\n",
                    json[QStringLiteral("allocations_per_message")].toDouble(),
                    static_cast<unsigned long long>(client_allocations),
                    static_cast<unsigned long long>(service_allocations));
        std::printf("service RSS  %.1f MiB\n",
                    static_cast<double>(final_metrics->rss_bytes()) / 1048576.0);
    }
    return 0;
}

}  // namespace lapce_ai::cli
