#include "service_metrics.h"

#include <unistd.h>

#include "allocation_counter.h"
#include "lapce_ai.pb.h"
#include "memory_probe.h"

namespace lapce_ai {
namespace {

void fill_summary(const LatencyPercentiles& from, ipc::proto::LatencySummary& to) {
    to.set_count(from.count);
    to.set_p50_us(from.p50_us);
    to.set_p99_us(from.p99_us);
    to.set_p999_us(from.p999_us);
    to.set_max_us(from.max_us);
}

}  // namespace

ServiceMetrics::ServiceMetrics(std::int64_t started_at)
    : started_at_ms(started_at),
      started(std::chrono::steady_clock::now()),
      shared_window_{started, 0} {}

void ServiceMetrics::record_recovery(std::chrono::microseconds duration, std::int64_t at_ms) {
    recoveries_total.fetch_add(1, std::memory_order_relaxed);
    recovery_duration.record(duration);
    last_recovery_us.store(static_cast<std::uint64_t>(duration.count()), std::memory_order_relaxed);
    last_recovery_at_ms.store(at_ms, std::memory_order_relaxed);
}

MessageRateWindow ServiceMetrics::rate_window_now() const {
    return {std::chrono::steady_clock::now(), messages_in.load()};
}

void ServiceMetrics::fill(ipc::proto::MetricsSnapshot& snapshot) {
    std::lock_guard lock(rate_mutex_);
    fill(snapshot, shared_window_);
}

void ServiceMetrics::fill(ipc::proto::MetricsSnapshot& snapshot, MessageRateWindow& window) const {
    const auto now = std::chrono::steady_clock::now();
    snapshot.set_server_pid(::getpid());
    snapshot.set_started_at(started_at_ms);
    snapshot.set_uptime_ms(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now - started).count()));
    snapshot.set_sessions_active(static_cast<std::uint32_t>(sessions_active.load()));
    snapshot.set_sessions_total(sessions_total.load());
    const std::uint64_t in = messages_in.load();
    snapshot.set_messages_in(in);
    snapshot.set_messages_out(messages_out.load());
    const double seconds = std::chrono::duration<double>(now - window.since).count();
    snapshot.set_messages_per_s(seconds > 0 ? static_cast<double>(in - window.messages) / seconds
                                            : 0);
    window = {now, in};
    fill_summary(handler_latency.percentiles(), *snapshot.mutable_handler_latency());
    fill_summary(client_round_trips.percentiles(), *snapshot.mutable_round_trip());
    snapshot.set_version(LAPCE_AI_VERSION);
    snapshot.set_recoveries_total(recoveries_total.load());
    // Rounded up: a recovery that took 300 µs still shows as one that happened.
    snapshot.set_last_recovery_ms((last_recovery_us.load() + 999) / 1000);
    snapshot.set_last_recovery_at(last_recovery_at_ms.load());
    snapshot.set_service_starts(service_starts);
    snapshot.set_unclean_restarts(unclean_restarts);
    fill_summary(recovery_duration.percentiles(), *snapshot.mutable_recovery_duration());
    snapshot.set_protocol_errors(protocol_errors.load());
    const MemoryUsage memory = probe_memory();
    snapshot.set_rss_bytes(memory.rss_bytes);
    snapshot.set_pss_bytes(memory.pss_bytes);
    snapshot.set_heap_in_use_bytes(memory.heap_in_use_bytes);
    snapshot.set_allocations_total(allocation_count().value_or(0));
}

}  // namespace lapce_ai
