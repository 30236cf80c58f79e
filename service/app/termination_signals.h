#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

#include "unique_fd.h"

namespace lapce_ai {

// Turns SIGTERM / SIGINT / SIGHUP into a Qt signal through a signalfd, so shutdown runs on the
// event loop (sessions closed, socket and token removed) instead of in a signal handler.
class TerminationSignals : public QObject {
    Q_OBJECT

  public:
    explicit TerminationSignals(QObject* parent = nullptr);
    bool valid() const { return fd_.valid(); }

  Q_SIGNALS:
    void terminationRequested();

  private:
    UniqueFd fd_;
    std::unique_ptr<QSocketNotifier> notifier_;
};

}  // namespace lapce_ai
