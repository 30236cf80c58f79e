#include "restart_state.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

#include <optional>

namespace lapce_ai {
namespace {

Q_LOGGING_CATEGORY(lcRestartState, "lapceai.restart_state")

constexpr qint64 kMaxStateBytes = 4096;
constexpr int kFormatVersion = 1;

struct PreviousRun {
    bool running = false;
    RestartCounts counts;
};

std::optional<std::uint64_t> read_count(const QJsonObject& object, QLatin1String key) {
    const QJsonValue value = object.value(key);
    if (!value.isDouble() || value.toDouble() < 0) return std::nullopt;
    return static_cast<std::uint64_t>(value.toInteger());
}

// The record as written by record_start / record_clean_shutdown; nullopt when it is anything else.
std::optional<PreviousRun> parse_record(const QByteArray& bytes) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) return std::nullopt;
    const QJsonObject object = document.object();
    if (object.value(QLatin1String("format")).toInt() != kFormatVersion) return std::nullopt;
    const QString state = object.value(QLatin1String("state")).toString();
    if (state != QLatin1String("running") && state != QLatin1String("stopped")) return std::nullopt;
    const auto starts = read_count(object, QLatin1String("service_starts"));
    const auto unclean = read_count(object, QLatin1String("unclean_restarts"));
    if (!starts || !unclean) return std::nullopt;
    return PreviousRun{state == QLatin1String("running"), {*starts, *unclean}};
}

}  // namespace

Expected<void, QString> RestartState::record_start(std::int64_t pid) {
    pid_ = pid;
    counts_ = {};
    QFile file(path_);
    if (file.exists()) {
        std::optional<PreviousRun> previous;
        if (file.open(QIODevice::ReadOnly)) previous = parse_record(file.read(kMaxStateBytes + 1));
        if (previous) {
            counts_ = previous->counts;
            if (previous->running) ++counts_.unclean_restarts;
        } else {
            qCWarning(lcRestartState, "%s is not a restart record; counting restarts afresh",
                      qUtf8Printable(path_));
        }
    }
    ++counts_.service_starts;
    return write(QStringLiteral("running"));
}

Expected<void, QString> RestartState::record_clean_shutdown() {
    return write(QStringLiteral("stopped"));
}

Expected<void, QString> RestartState::write(QStringView state) const {
    const QJsonObject object{
        {QLatin1String("format"), kFormatVersion},
        {QLatin1String("state"), state.toString()},
        {QLatin1String("pid"), static_cast<qint64>(pid_)},
        {QLatin1String("service_starts"), static_cast<qint64>(counts_.service_starts)},
        {QLatin1String("unclean_restarts"), static_cast<qint64>(counts_.unclean_restarts)},
        {QLatin1String("updated_at"), QDateTime::currentMSecsSinceEpoch()},
    };
    QSaveFile file(path_);
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return unexpected(QStringLiteral("cannot write %1: %2").arg(path_, file.errorString()));
    }
    return {};
}

}  // namespace lapce_ai
