#include "recovery_model.h"

#include <QDateTime>

namespace lapce_ai::monitor {

RecoveryModel::RecoveryModel(QObject* parent) : QAbstractListModel(parent) {}

void RecoveryModel::addMonitorRecovery(const Recovery& recovery) {
    ++monitor_recoveries_;
    add_event(Event{recovery.at_ms, recovery.duration_ms, Source::Monitor});
    Q_EMIT changed();
}

void RecoveryModel::update(const Snapshot& snapshot) {
    const ipc::proto::MetricsSnapshot& metrics = snapshot.metrics;
    bool changed_any = metrics.recoveries_total() != service_recoveries_ ||
                       metrics.unclean_restarts() != unclean_restarts_ ||
                       metrics.service_starts() != service_starts_;
    service_recoveries_ = metrics.recoveries_total();
    unclean_restarts_ = metrics.unclean_restarts();
    service_starts_ = metrics.service_starts();
    // A client's recovery is known by when the service heard of it; each is listed once.
    if (metrics.last_recovery_at() != 0 &&
        metrics.last_recovery_at() != last_service_recovery_at_) {
        last_service_recovery_at_ = metrics.last_recovery_at();
        add_event(Event{metrics.last_recovery_at(), static_cast<qint64>(metrics.last_recovery_ms()),
                        Source::ServiceClient});
        changed_any = true;
    }
    if (changed_any) Q_EMIT changed();
}

qint64 RecoveryModel::lastReconnectMs() const {
    return events_.isEmpty() ? -1 : events_.front().duration_ms;
}

void RecoveryModel::add_event(const Event& event) {
    // Newest first by time: a client's report may arrive after the monitor's own later event.
    qsizetype row = 0;
    while (row < events_.size() && events_[row].at_ms > event.at_ms) ++row;
    beginInsertRows({}, static_cast<int>(row), static_cast<int>(row));
    events_.insert(row, event);
    endInsertRows();
    if (events_.size() > kMaxEvents) {
        beginRemoveRows({}, kMaxEvents, static_cast<int>(events_.size()) - 1);
        events_.resize(kMaxEvents);
        endRemoveRows();
    }
}

int RecoveryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(events_.size());
}

QVariant RecoveryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= events_.size()) return {};
    const Event& event = events_[index.row()];
    switch (role) {
        case Qt::DisplayRole: {
            const QString when = QDateTime::fromMSecsSinceEpoch(event.at_ms)
                                     .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            return event.source == Source::Monitor
                       ? tr("%1  monitor reconnected after %2 ms").arg(when).arg(event.duration_ms)
                       : tr("%1  a client recovered in %2 ms").arg(when).arg(event.duration_ms);
        }
        case AtRole:
            return event.at_ms;
        case DurationRole:
            return event.duration_ms;
        case SourceRole:
            return static_cast<int>(event.source);
        default:
            return {};
    }
}

QHash<int, QByteArray> RecoveryModel::roleNames() const {
    return {{Qt::DisplayRole, "display"},
            {AtRole, "at"},
            {DurationRole, "duration"},
            {SourceRole, "source"}};
}

}  // namespace lapce_ai::monitor
