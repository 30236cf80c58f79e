#include "monitor_backend.h"

#include "monitor_client.h"

namespace lapce_ai::monitor {

MonitorBackend::MonitorBackend(const MonitorSettings& settings, QObject* parent)
    : QObject(parent),
      service_(settings.socket_dir),
      client_(new MonitorClient(MonitorClientSettings{.socket_dir = settings.socket_dir,
                                                      .interval = settings.interval})) {
    service_.setServiceBinary(settings.service_binary);
    worker_.setObjectName(QStringLiteral("lapce.monitor.feed"));
    client_->moveToThread(&worker_);
    connect(&worker_, &QThread::started, client_, &MonitorClient::start);
    connect(&worker_, &QThread::finished, client_, &QObject::deleteLater);
    connect(client_, &MonitorClient::snapshotReceived, this, &MonitorBackend::apply_snapshot,
            Qt::QueuedConnection);
    connect(client_, &MonitorClient::stateChanged, this, &MonitorBackend::apply_state,
            Qt::QueuedConnection);
    connect(client_, &MonitorClient::recovered, &recoveries_, &RecoveryModel::addMonitorRecovery,
            Qt::QueuedConnection);
}

MonitorBackend::~MonitorBackend() {
    client_->stop();
    if (started_) {
        worker_.quit();
        worker_.wait();  // the client deletes itself as the thread finishes
    } else {
        delete client_;  // never moved onto a running thread
    }
}

void MonitorBackend::start() {
    if (started_) return;
    started_ = true;
    worker_.start();
}

void MonitorBackend::apply_snapshot(const Snapshot& snapshot) {
    latest_ = snapshot;
    ++frames_;
    service_.setServicePid(snapshot.metrics.server_pid());
    history_.append(snapshot);
    hosts_.update(snapshot);
    recoveries_.update(snapshot);
    Q_EMIT snapshotApplied();
}

void MonitorBackend::apply_state(ServiceState state) {
    if (state == state_) return;
    state_ = state;
    if (state != ServiceState::Running) service_.setServicePid(0);
    Q_EMIT stateChanged(state);
}

}  // namespace lapce_ai::monitor
