#pragma once

#include <QJsonObject>
#include <QString>

#include <cstdint>

#include "ipc_client.h"

namespace lapce_ai::cli {

struct CliOptions {
    ipc::ClientOptions client;
    bool json = false;
    std::uint32_t size = 64;
    std::uint32_t messages = 100'000;
    std::uint32_t stream_messages = 0;  // 0: same as messages
    std::uint32_t trials = 10;
    // status --watch
    bool watch = false;
    std::uint32_t interval_ms = 0;  // 0: the service's default (500 ms)
    std::uint32_t count = 0;        // frames to print; 0: until interrupted
    // prompt
    QString mode;
    QString cwd;
    QString settings_file;
    QString profile;
    // chat
    QString provider;
    QString model;
    QString base_url;
    QString system;
};

// Each command prints its result and returns the process exit code.
int run_ping(const CliOptions& options);
int run_status(const CliOptions& options);
// `status --watch`: one line (or with --json one JSON object) per frame of the metrics feed.
int run_status_watch(const CliOptions& options);
int run_bench_ipc(const CliOptions& options);
int run_bench_reconnect(const CliOptions& options);
int run_prompt(const CliOptions& options);
// The reference's output for a file or directory (undefined prints nothing); --cwd applies
// that workspace's .rooignore.
int run_defs(const CliOptions& options, const QString& path);
// Streams a provider's answer to `message`: text to stdout, reasoning to stderr, then usage and
// cost on stderr.
int run_chat(const CliOptions& options, const QString& message);

// `key set|delete|status PROVIDER`: the provider's key in the system keychain (`set` reads it
// from one line of standard input); never prints a key.
int run_key(const QString& action, const QString& provider);

Expected<ipc::proto::MetricsSnapshot, ipc::ClientError> fetch_metrics(ipc::IpcClient& client);

// Every field of a snapshot, as `status --json` prints it.
QJsonObject metrics_json(const ipc::proto::MetricsSnapshot& snapshot);

// "UNAVAILABLE: no service at …" on stderr; the exit code for that error.
int report_error(const ipc::ClientError& error);

}  // namespace lapce_ai::cli
