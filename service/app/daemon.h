#pragma once

namespace lapce_ai {

// Detaches from the terminal before Qt starts any thread: the parent process waits until the
// child calls report_ready() (exit 0) or report_failure() (exit 1), so the caller of
// `lapce-ai-service` still learns whether the service came up.
class Daemon {
  public:
    static Daemon detach();
    static Daemon stay_in_foreground() { return Daemon(-1); }

    void report_ready();
    void report_failure();

  private:
    explicit Daemon(int ready_fd) : ready_fd_(ready_fd) {}
    void report(char status);

    int ready_fd_;
};

}  // namespace lapce_ai
