#pragma once

// The service's record of its own runs: a small JSON file in its runtime directory, written
// "running" at start and "stopped" on a clean shutdown. A service that finds "running" knows the
// previous one died without shutting down (killed, crashed) and counts an unclean restart.

#include <QString>

#include <cstdint>

#include "expected.h"

namespace lapce_ai {

struct RestartCounts {
    std::uint64_t service_starts = 0;  // every start, this one included
    std::uint64_t unclean_restarts = 0;
};

class RestartState {
  public:
    explicit RestartState(QString path) : path_(std::move(path)) {}

    // Reads the previous run's record, counts this start and writes "running" with `pid`. The
    // caller holds the runtime directory's lock, so a "running" record belongs to a process that
    // is gone. An unreadable or unknown record starts the counts afresh (with a warning); only a
    // failure to write is an error, and the counts are valid even then.
    Expected<void, QString> record_start(std::int64_t pid);
    // Marks the run as ended cleanly.
    Expected<void, QString> record_clean_shutdown();

    const RestartCounts& counts() const { return counts_; }

  private:
    Expected<void, QString> write(QStringView state) const;

    QString path_;
    std::int64_t pid_ = 0;
    RestartCounts counts_;
};

}  // namespace lapce_ai
