#include "monitor_client.h"

#include <QDateTime>
#include <QTimer>

#include "metrics_subscription.h"
#include "monitor_logging.h"

namespace lapce_ai::monitor {
namespace {

ipc::ClientOptions client_options(const MonitorClientSettings& settings) {
    ipc::ClientOptions options;
    options.socket_dir = settings.socket_dir;
    options.client_name = "lapce-ai-monitor";
    // The monitor reconnects on its own schedule (and says so while it does): the client's
    // built-in recovery would block the worker for up to its give-up time.
    options.reconnect.enabled = false;
    // A silent feed for this long means the service is stuck, not idle.
    options.request_timeout = std::max(settings.interval * 10, std::chrono::milliseconds(5000));
    return options;
}

}  // namespace

MonitorClient::MonitorClient(MonitorClientSettings settings, QObject* parent)
    : QObject(parent), settings_(std::move(settings)), client_(client_options(settings_)) {
    qRegisterMetaType<Snapshot>();
    qRegisterMetaType<ServiceState>();
    qRegisterMetaType<Recovery>();
}

MonitorClient::~MonitorClient() = default;

void MonitorClient::stop() {
    stopping_.store(true, std::memory_order_release);
    client_.request_cancel();
}

void MonitorClient::start() {
    attempt();
}

void MonitorClient::attempt() {
    if (stopping_.load(std::memory_order_acquire)) return;
    if (auto connected = client_.connect(); !connected) {
        if (connected.error().message != last_error_) {
            last_error_ = connected.error().message;
            qCInfo(lcMonitor, "no service: %s", last_error_.c_str());
        }
        const bool recently_lost = lost_at_ && Clock::now() - *lost_at_ < settings_.stopped_after;
        set_state(recently_lost ? ServiceState::Reconnecting : ServiceState::Stopped);
        schedule_retry();
        return;
    }
    const bool had_frames = run_feed();
    if (stopping_.load(std::memory_order_acquire)) return;
    client_.disconnect();
    if (had_frames) {
        lost_at_ = Clock::now();
        next_retry_ = std::chrono::milliseconds(0);
        set_state(ServiceState::Reconnecting);
    }
    schedule_retry();
}

bool MonitorClient::run_feed() {
    bool had_frames = false;
    auto ended = ipc::subscribe_metrics(
        client_, settings_.interval, [&](const ipc::proto::MetricsSnapshot& metrics) {
            if (stopping_.load(std::memory_order_acquire)) return false;
            Snapshot snapshot{QDateTime::currentMSecsSinceEpoch(), metrics};
            if (!had_frames) {
                had_frames = true;
                on_first_frame();
            }
            Q_EMIT snapshotReceived(snapshot);
            return true;
        });
    if (!ended && !stopping_.load(std::memory_order_acquire) &&
        ended.error().message != last_error_) {
        last_error_ = ended.error().message;
        qCInfo(lcMonitor, "metrics feed ended: %s: %s",
               ipc::proto::ErrorCode_Name(ended.error().code).c_str(), last_error_.c_str());
    }
    return had_frames;
}

void MonitorClient::on_first_frame() {
    last_error_.clear();
    next_retry_ = std::chrono::milliseconds(0);
    if (lost_at_) {
        const auto duration =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - *lost_at_);
        lost_at_.reset();
        const Recovery recovery{QDateTime::currentMSecsSinceEpoch(), duration.count()};
        qCInfo(lcMonitor, "the service is back after %lld ms",
               static_cast<long long>(recovery.duration_ms));
        Q_EMIT recovered(recovery);
    }
    set_state(ServiceState::Running);
}

void MonitorClient::schedule_retry() {
    const auto delay = next_retry_;
    next_retry_ = next_retry_.count() == 0 ? settings_.first_retry
                                           : std::min(next_retry_ * 2, settings_.max_retry);
    QTimer::singleShot(delay, this, &MonitorClient::attempt);
}

void MonitorClient::set_state(ServiceState state) {
    if (state_ == state) return;
    state_ = state;
    Q_EMIT stateChanged(state);
}

}  // namespace lapce_ai::monitor
