#pragma once

// Small helpers the provider-layer tests share: inline JSON without raw strings (moc cannot read
// them), running a task to its end, the error a task threw as text, a port nobody listens on.

#include <QHostAddress>
#include <QTcpServer>
#include <QtGlobal>

#include <algorithm>
#include <exception>
#include <string>

#include "ordered_json.h"
#include "provider_error.h"
#include "run_task.h"
#include "task.h"

namespace lapce_ai::testing {

// JSON written inline with ' for ": {'a':1} is {"a":1}.
inline std::string single_quoted_json(std::string text) {
    std::replace(text.begin(), text.end(), '\'', '"');
    return text;
}

// The value of JSON written with ' for " (see single_quoted_json); the text must be valid.
inline json::OrderedJson parse_single_quoted(const std::string& text) {
    auto value = json::parse_ordered_json(single_quoted_json(text));
    if (!value) qFatal("invalid inline JSON: %s", text.c_str());
    return std::move(*value);
}

// Runs `task` on this thread's event loop to its end; a task still running after `limit_ms`
// stops the test program. Returns what it threw (null when it returned).
template <typename T>
std::exception_ptr run_to_end(providers::Task<T>& task, int limit_ms = 10'000) {
    bool finished = false;
    std::exception_ptr error = run_task(task, limit_ms, finished);
    if (!finished) qFatal("task did not finish");
    return error;
}

// "<name>: <message>" of the ProviderError thrown, or a note when none (or another) was thrown.
inline std::string provider_error_text(const std::exception_ptr& error) {
    if (!error) return "no error";
    try {
        std::rethrow_exception(error);
    } catch (const providers::ProviderError& thrown) {
        return thrown.name() + ": " + thrown.message();
    } catch (...) {
        return "not a ProviderError";
    }
}

// A loopback port that was free a moment ago: connecting to it is refused.
inline quint16 closed_port() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

}  // namespace lapce_ai::testing
