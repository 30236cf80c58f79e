#include "provider_hosts_model.h"

#include <QLocale>
#include <QStringList>

namespace lapce_ai::monitor {

quint64 total_errors(const ipc::proto::ProviderHostMetrics& host) {
    quint64 total = 0;
    for (const ipc::proto::ErrorCount& error : host.errors()) total += error.count();
    return total;
}

namespace {

bool same_hosts(const QList<ipc::proto::ProviderHostMetrics>& before,
                const google::protobuf::RepeatedPtrField<ipc::proto::ProviderHostMetrics>& after) {
    if (before.size() != after.size()) return false;
    for (int i = 0; i < after.size(); ++i) {
        if (before[i].host() != after[i].host()) return false;
    }
    return true;
}

QString errors_breakdown(const ipc::proto::ProviderHostMetrics& host) {
    QStringList parts;
    for (const ipc::proto::ErrorCount& error : host.errors()) {
        if (error.count() == 0) continue;
        parts.append(
            QStringLiteral("%1: %2").arg(QString::fromStdString(error.kind())).arg(error.count()));
    }
    return parts.isEmpty() ? QStringLiteral("no errors") : parts.join(QStringLiteral(", "));
}

}  // namespace

ProviderHostsModel::ProviderHostsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProviderHostsModel::update(const Snapshot& snapshot) {
    const auto& hosts = snapshot.metrics.provider_hosts();
    if (same_hosts(hosts_, hosts)) {
        for (int i = 0; i < hosts.size(); ++i) hosts_[i] = hosts[i];
        if (!hosts_.isEmpty()) {
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        }
        return;
    }
    beginResetModel();
    hosts_ = QList<ipc::proto::ProviderHostMetrics>(hosts.begin(), hosts.end());
    endResetModel();
}

void ProviderHostsModel::clear() {
    if (hosts_.isEmpty()) return;
    beginResetModel();
    hosts_.clear();
    endResetModel();
}

int ProviderHostsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(hosts_.size());
}

int ProviderHostsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProviderHostsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= hosts_.size()) return {};
    const ipc::proto::ProviderHostMetrics& host = hosts_[index.row()];
    if (role == ValueRole) {
        switch (index.column()) {
            case Host:
                return QString::fromStdString(host.host());
            case Requests:
                return static_cast<qulonglong>(host.requests());
            case HitRate:
                return host.hit_rate();
            case AcquisitionP99:
                return host.acquisition().p99_us();
            case ActiveStreams:
                return static_cast<qulonglong>(host.active_streams());
            case Errors:
                return static_cast<qulonglong>(total_errors(host));
            default:
                return {};
        }
    }
    if (role == Qt::DisplayRole) {
        const QLocale locale;
        switch (index.column()) {
            case Host:
                return QString::fromStdString(host.host());
            case Requests:
                return locale.toString(static_cast<qulonglong>(host.requests()));
            case HitRate:
                return QStringLiteral("%1 %").arg(host.hit_rate() * 100, 0, 'f', 1);
            case AcquisitionP99:
                return QStringLiteral("%1 µs").arg(host.acquisition().p99_us(), 0, 'f', 1);
            case ActiveStreams:
                return locale.toString(static_cast<qulonglong>(host.active_streams()));
            case Errors:
                return locale.toString(static_cast<qulonglong>(total_errors(host)));
            default:
                return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Errors) return errors_breakdown(host);
    if (role == Qt::TextAlignmentRole && index.column() != Host) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant ProviderHostsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Host:
            return tr("Host");
        case Requests:
            return tr("Requests");
        case HitRate:
            return tr("Hit rate");
        case AcquisitionP99:
            return tr("Acquisition p99");
        case ActiveStreams:
            return tr("Active streams");
        case Errors:
            return tr("Errors");
        default:
            return {};
    }
}

}  // namespace lapce_ai::monitor
