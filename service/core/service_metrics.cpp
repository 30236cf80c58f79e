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
    : started_at_ms(started_at), started(std::chrono::steady_clock::now()), rate_since_(started) {}

void ServiceMetrics::fill(ipc::proto::MetricsSnapshot& snapshot) {
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
    {
        std::lock_guard lock(rate_mutex_);
        const double seconds = std::chrono::duration<double>(now - rate_since_).count();
        snapshot.set_messages_per_s(seconds > 0 ? static_cast<double>(in - rate_messages_) / seconds
                                                : 0);
        rate_since_ = now;
        rate_messages_ = in;
    }
    fill_summary(handler_latency.percentiles(), *snapshot.mutable_handler_latency());
    snapshot.set_recoveries_total(recoveries_total.load());
    fill_summary(recovery_duration.percentiles(), *snapshot.mutable_recovery_duration());
    snapshot.set_protocol_errors(protocol_errors.load());
    const MemoryUsage memory = probe_memory();
    snapshot.set_rss_bytes(memory.rss_bytes);
    snapshot.set_pss_bytes(memory.pss_bytes);
    snapshot.set_heap_in_use_bytes(memory.heap_in_use_bytes);
    snapshot.set_allocations_total(allocation_count().value_or(0));
}

}  // namespace lapce_ai
