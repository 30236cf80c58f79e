#pragma once

// co_await sleep_for(ms): resumes the coroutine from the event loop after `duration`. The
// timer belongs to the awaiting frame, so destroying the frame (cancelling) stops it.

#include <QTimer>

#include <chrono>
#include <coroutine>
#include <memory>

namespace lapce_ai::providers {

class SleepAwaiter {
  public:
    explicit SleepAwaiter(std::chrono::milliseconds duration) : duration_(duration) {}

    bool await_ready() const noexcept { return duration_.count() <= 0; }
    void await_suspend(std::coroutine_handle<> handle) {
        timer_ = std::make_unique<QTimer>();
        timer_->setSingleShot(true);
        QObject::connect(timer_.get(), &QTimer::timeout, timer_.get(),
                         [handle] { handle.resume(); });
        timer_->start(duration_);
    }
    void await_resume() const noexcept {}

  private:
    std::chrono::milliseconds duration_;
    std::unique_ptr<QTimer> timer_;
};

inline SleepAwaiter sleep_for(std::chrono::milliseconds duration) {
    return SleepAwaiter(duration);
}

}  // namespace lapce_ai::providers
