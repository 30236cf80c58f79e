#pragma once

#include <QAbstractListModel>
#include <QList>

#include "snapshot.h"

namespace lapce_ai::monitor {

// Crash recoveries, newest first: the monitor's own reconnects (fed by MonitorClient) and the
// ones the service's clients reported (from the metrics feed), plus the service's restart counts.
class RecoveryModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum class Source { Monitor, ServiceClient };
    struct Event {
        qint64 at_ms = 0;  // milliseconds since the Unix epoch
        qint64 duration_ms = 0;
        Source source = Source::Monitor;
    };
    enum Role { AtRole = Qt::UserRole + 1, DurationRole, SourceRole };
    static constexpr int kMaxEvents = 500;

    explicit RecoveryModel(QObject* parent = nullptr);

    void addMonitorRecovery(const Recovery& recovery);
    void update(const Snapshot& snapshot);

    // Recoveries of the monitor itself since it started.
    quint64 monitorRecoveries() const { return monitor_recoveries_; }
    // Recoveries the service's clients reported (as of the newest frame).
    quint64 serviceRecoveries() const { return service_recoveries_; }
    quint64 count() const { return monitor_recoveries_ + service_recoveries_; }
    quint64 uncleanRestarts() const { return unclean_restarts_; }
    quint64 serviceStarts() const { return service_starts_; }
    // Duration of the newest recovery of either kind; -1 before the first.
    qint64 lastReconnectMs() const;
    const QList<Event>& events() const { return events_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

  Q_SIGNALS:
    void changed();

  private:
    void add_event(const Event& event);

    QList<Event> events_;  // newest first
    quint64 monitor_recoveries_ = 0;
    quint64 service_recoveries_ = 0;
    quint64 unclean_restarts_ = 0;
    quint64 service_starts_ = 0;
    qint64 last_service_recovery_at_ = 0;
};

}  // namespace lapce_ai::monitor
