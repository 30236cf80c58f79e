#pragma once

#include <QList>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <chrono>

namespace lapce_ai::monitor {

// A live line chart over a time window: our own seam in front of the chart library (QtCharts is
// deprecated in newer Qt; another implementation replaces one file). x values are milliseconds
// since the Unix epoch.
class TimeSeriesChart : public QWidget {
    Q_OBJECT
  public:
    using QWidget::QWidget;

    // Replaces the chart's lines with one empty line per name.
    virtual void setSeries(const QStringList& names) = 0;
    // Replaces the points of line `index`.
    virtual void setPoints(int index, const QList<QPointF>& points) = 0;
    virtual void append(int index, QPointF point) = 0;
    // Shows `span` ending at `end_ms`; points before it are dropped.
    virtual void setWindow(qint64 end_ms, std::chrono::milliseconds span) = 0;
    virtual int seriesCount() const = 0;
    virtual int pointCount(int index) const = 0;
};

// The QtCharts implementation; `unit` labels the value axis.
TimeSeriesChart* make_time_series_chart(const QString& title, const QString& unit, QWidget* parent);

}  // namespace lapce_ai::monitor
