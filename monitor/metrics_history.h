#pragma once

#include <QList>
#include <QObject>
#include <QPointF>

#include <chrono>
#include <deque>

#include "snapshot.h"

namespace lapce_ai::monitor {

// The figures of one frame the charts draw.
struct MetricsSample {
    qint64 at_ms = 0;  // milliseconds since the Unix epoch
    double rss_mb = 0;
    double pss_mb = 0;
    double heap_mb = 0;
    double latency_p50_us = 0;
    double latency_p99_us = 0;
    double messages_per_s = 0;
};

// The lines the charts draw, each a function of a sample.
enum class Metric { Rss, Pss, Heap, LatencyP50, LatencyP99, MessagesPerSecond };

// The chartable windows (1 / 5 / 15 minutes).
enum class HistoryWindow { OneMinute = 1, FiveMinutes = 5, FifteenMinutes = 15 };

std::chrono::minutes window_length(HistoryWindow window);
double metric_value(const MetricsSample& sample, Metric metric);
MetricsSample sample_of(const Snapshot& snapshot);

// The recent samples of the metrics feed. It keeps the longest window (15 min, bounded in
// count too) whatever is shown, so that switching to a longer window shows what was already
// received. Windows end at the newest sample.
class MetricsHistory : public QObject {
    Q_OBJECT
  public:
    // More than 15 minutes of frames at the feed's fastest rate (100 ms).
    static constexpr std::size_t kMaxSamples = 10'000;

    explicit MetricsHistory(QObject* parent = nullptr);

    void append(const Snapshot& snapshot);
    void clear();

    HistoryWindow window() const { return window_; }
    void setWindow(HistoryWindow window);

    // Samples inside the selected window, oldest first.
    QList<MetricsSample> samples() const;
    // One metric over the selected window as chart points (x: ms since the epoch).
    QList<QPointF> series(Metric metric) const;
    std::size_t storedSamples() const { return samples_.size(); }
    // The newest sample; default-constructed (at_ms 0) when there is none.
    MetricsSample latest() const;
    // The largest value of `metric` in the selected window (0 when empty).
    double maximum(Metric metric) const;

  Q_SIGNALS:
    void sampleAppended(const lapce_ai::monitor::MetricsSample& sample);
    void windowChanged(lapce_ai::monitor::HistoryWindow window);
    void cleared();

  private:
    qint64 window_start_ms() const;

    std::deque<MetricsSample> samples_;
    HistoryWindow window_ = HistoryWindow::FiveMinutes;
};

}  // namespace lapce_ai::monitor

Q_DECLARE_METATYPE(lapce_ai::monitor::MetricsSample)
Q_DECLARE_METATYPE(lapce_ai::monitor::HistoryWindow)
