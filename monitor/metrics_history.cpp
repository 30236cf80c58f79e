#include "metrics_history.h"

#include <algorithm>

#include "metrics_subscription.h"

namespace lapce_ai::monitor {
namespace {

constexpr double kBytesPerMb = 1024.0 * 1024.0;
constexpr auto kLongestWindow = std::chrono::minutes(15);

double megabytes(std::uint64_t bytes) {
    return static_cast<double>(bytes) / kBytesPerMb;
}

}  // namespace

std::chrono::minutes window_length(HistoryWindow window) {
    return std::chrono::minutes(static_cast<int>(window));
}

double metric_value(const MetricsSample& sample, Metric metric) {
    switch (metric) {
        case Metric::Rss:
            return sample.rss_mb;
        case Metric::Pss:
            return sample.pss_mb;
        case Metric::Heap:
            return sample.heap_mb;
        case Metric::LatencyP50:
            return sample.latency_p50_us;
        case Metric::LatencyP99:
            return sample.latency_p99_us;
        case Metric::MessagesPerSecond:
            return sample.messages_per_s;
    }
    return 0;
}

MetricsSample sample_of(const Snapshot& snapshot) {
    const ipc::proto::MetricsSnapshot& metrics = snapshot.metrics;
    return MetricsSample{
        .at_ms = snapshot.received_at_ms,
        .rss_mb = megabytes(metrics.rss_bytes()),
        .pss_mb = megabytes(metrics.pss_bytes()),
        .heap_mb = megabytes(metrics.heap_in_use_bytes()),
        .latency_p50_us = ipc::ipc_latency(metrics).p50_us(),
        .latency_p99_us = ipc::ipc_latency(metrics).p99_us(),
        .messages_per_s = metrics.messages_per_s(),
    };
}

MetricsHistory::MetricsHistory(QObject* parent) : QObject(parent) {
    qRegisterMetaType<MetricsSample>();
    qRegisterMetaType<HistoryWindow>();
}

void MetricsHistory::append(const Snapshot& snapshot) {
    const MetricsSample sample = sample_of(snapshot);
    // A clock stepped backwards would leave the history unordered: start afresh.
    if (!samples_.empty() && sample.at_ms < samples_.back().at_ms) samples_.clear();
    samples_.push_back(sample);
    const qint64 oldest_kept =
        sample.at_ms -
        std::chrono::duration_cast<std::chrono::milliseconds>(kLongestWindow).count();
    while (samples_.front().at_ms < oldest_kept || samples_.size() > kMaxSamples) {
        samples_.pop_front();
    }
    Q_EMIT sampleAppended(sample);
}

void MetricsHistory::clear() {
    samples_.clear();
    Q_EMIT cleared();
}

void MetricsHistory::setWindow(HistoryWindow window) {
    if (window == window_) return;
    window_ = window;
    Q_EMIT windowChanged(window);
}

qint64 MetricsHistory::window_start_ms() const {
    if (samples_.empty()) return 0;
    return samples_.back().at_ms -
           std::chrono::duration_cast<std::chrono::milliseconds>(window_length(window_)).count();
}

QList<MetricsSample> MetricsHistory::samples() const {
    const qint64 start = window_start_ms();
    const auto first = std::find_if(samples_.begin(), samples_.end(),
                                    [start](const MetricsSample& s) { return s.at_ms >= start; });
    return QList<MetricsSample>(first, samples_.end());
}

QList<QPointF> MetricsHistory::series(Metric metric) const {
    QList<QPointF> points;
    const QList<MetricsSample> in_window = samples();
    points.reserve(in_window.size());
    for (const MetricsSample& sample : in_window) {
        points.append(QPointF(static_cast<double>(sample.at_ms), metric_value(sample, metric)));
    }
    return points;
}

MetricsSample MetricsHistory::latest() const {
    return samples_.empty() ? MetricsSample{} : samples_.back();
}

double MetricsHistory::maximum(Metric metric) const {
    double largest = 0;
    for (const MetricsSample& sample : samples()) {
        largest = std::max(largest, metric_value(sample, metric));
    }
    return largest;
}

}  // namespace lapce_ai::monitor
