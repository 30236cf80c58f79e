#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "snapshot.h"

namespace lapce_ai::monitor {

// The provider layer's upstream hosts as the newest frame reports them: one row per host.
class ProviderHostsModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Host, Requests, HitRate, AcquisitionP99, ActiveStreams, Errors, ColumnCount };
    // The raw number behind a cell (DisplayRole is formatted text).
    static constexpr int ValueRole = Qt::UserRole + 1;

    explicit ProviderHostsModel(QObject* parent = nullptr);

    void update(const Snapshot& snapshot);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    QList<ipc::proto::ProviderHostMetrics> hosts_;
};

// Failed requests of a host over all kinds.
quint64 total_errors(const ipc::proto::ProviderHostMetrics& host);

}  // namespace lapce_ai::monitor
