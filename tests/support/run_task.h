#pragma once

// Runs a provider-layer task (a coroutine resumed by Qt signals) on this thread's event loop
// until it finishes or `limit_ms` passes. Returns what it threw (null when it returned);
// `finished` says whether it ended in time.

#include <QEventLoop>
#include <QTimer>

#include <exception>

#include "task.h"

namespace lapce_ai::testing {

template <typename T>
std::exception_ptr run_task(providers::Task<T>& task, int limit_ms, bool& finished) {
    QEventLoop loop;
    finished = false;
    std::exception_ptr error;
    task.start([&](std::exception_ptr thrown) {
        error = thrown;
        finished = true;
        loop.quit();
    });
    if (!finished) {
        QTimer limit;  // not QTimer::singleShot: its timer would outlive the loop
        limit.setSingleShot(true);
        QObject::connect(&limit, &QTimer::timeout, &loop, &QEventLoop::quit);
        limit.start(limit_ms);
        loop.exec();
    }
    return error;
}

}  // namespace lapce_ai::testing
