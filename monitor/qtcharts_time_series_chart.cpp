// TimeSeriesChart on QtCharts.
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <vector>

#include "time_series_chart.h"

namespace lapce_ai::monitor {
namespace {

class QtChartsTimeSeriesChart final : public TimeSeriesChart {
  public:
    QtChartsTimeSeriesChart(const QString& title, const QString& unit, QWidget* parent)
        : TimeSeriesChart(parent) {
        chart_->setTitle(title);
        chart_->legend()->setAlignment(Qt::AlignBottom);
        chart_->setMargins(QMargins(4, 4, 4, 4));
        time_axis_->setFormat(QStringLiteral("HH:mm:ss"));
        time_axis_->setTickCount(4);
        value_axis_->setTitleText(unit);
        value_axis_->setLabelFormat(QStringLiteral("%.4g"));
        value_axis_->setRange(0, 1);
        chart_->addAxis(time_axis_, Qt::AlignBottom);
        chart_->addAxis(value_axis_, Qt::AlignLeft);
        auto* view = new QChartView(chart_, this);  // the view owns the chart
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(160);
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(view);
    }

    void setSeries(const QStringList& names) override {
        for (QLineSeries* line : lines_) chart_->removeSeries(line);
        qDeleteAll(lines_);
        lines_.clear();
        for (const QString& name : names) {
            auto* line = new QLineSeries(chart_);
            line->setName(name);
            chart_->addSeries(line);
            line->attachAxis(time_axis_);
            line->attachAxis(value_axis_);
            lines_.push_back(line);
        }
    }

    void setPoints(int index, const QList<QPointF>& points) override {
        if (QLineSeries* line = line_at(index)) {
            line->replace(points);
            rescale_values();
        }
    }

    void append(int index, QPointF point) override {
        if (QLineSeries* line = line_at(index)) {
            line->append(point);
            grow_values(point.y());
        }
    }

    void setWindow(qint64 end_ms, std::chrono::milliseconds span) override {
        const qint64 start_ms = end_ms - span.count();
        for (QLineSeries* line : lines_) {
            int stale = 0;
            while (stale < line->count() && line->at(stale).x() < static_cast<double>(start_ms)) {
                ++stale;
            }
            if (stale > 0) line->removePoints(0, stale);
        }
        time_axis_->setRange(QDateTime::fromMSecsSinceEpoch(start_ms),
                             QDateTime::fromMSecsSinceEpoch(end_ms));
        rescale_values();
    }

    int seriesCount() const override { return static_cast<int>(lines_.size()); }
    int pointCount(int index) const override {
        const QLineSeries* line = index >= 0 && index < seriesCount() ? lines_[index] : nullptr;
        return line != nullptr ? line->count() : 0;
    }

  private:
    QLineSeries* line_at(int index) const {
        return index >= 0 && index < seriesCount() ? lines_[index] : nullptr;
    }

    // The value axis starts at 0 and leaves 10 % of room above the largest visible value.
    void rescale_values() {
        double largest = 0;
        for (const QLineSeries* line : lines_) {
            for (const QPointF& point : line->points()) largest = std::max(largest, point.y());
        }
        value_axis_->setRange(0, largest > 0 ? largest * 1.1 : 1);
    }

    void grow_values(double value) {
        if (value * 1.1 > value_axis_->max()) value_axis_->setRange(0, value * 1.1);
    }

    QChart* chart_ = new QChart();  // handed to the view in the constructor
    QDateTimeAxis* time_axis_ = new QDateTimeAxis(chart_);
    QValueAxis* value_axis_ = new QValueAxis(chart_);
    std::vector<QLineSeries*> lines_;  // owned by the chart
};

}  // namespace

TimeSeriesChart* make_time_series_chart(const QString& title, const QString& unit,
                                        QWidget* parent) {
    return new QtChartsTimeSeriesChart(title, unit, parent);
}

}  // namespace lapce_ai::monitor
