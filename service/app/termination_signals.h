#pragma once

#include <QObject>

#include <memory>

namespace lapce_ai {

// Turns a request to stop (SIGTERM / SIGINT / SIGHUP on POSIX, a console close or Ctrl+C on
// Windows) into a Qt signal, so that shutdown runs on the event loop — sessions closed, socket
// and token removed — instead of inside a signal handler.
class TerminationSignals : public QObject {
    Q_OBJECT

  public:
    explicit TerminationSignals(QObject* parent = nullptr);
    ~TerminationSignals() override;

  Q_SIGNALS:
    void terminationRequested();

  private:
    struct Platform;
    std::unique_ptr<Platform> platform_;
};

}  // namespace lapce_ai
