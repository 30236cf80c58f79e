#pragma once

#include <QString>

#include <string>

#include "expected.h"

namespace lapce_ai::ipc {

// Where one user's service keeps its socket, token and lock.
struct RuntimePaths {
    QString dir;
    QString socket_path;
    QString token_path;
    QString lock_path;
    QString state_path;  // the service's restart record (restart_state.h)
};

// `override_dir` when given, else $XDG_RUNTIME_DIR/lapce-ai, else /tmp/lapce-ai-<uid>.
RuntimePaths runtime_paths(const QString& override_dir = {});

// Creates `dir` with mode 0700 if needed and checks that it belongs to us and is private.
Expected<void, QString> ensure_private_dir(const QString& dir);

// Replaces `path` atomically with `content`, readable and writable by the user only.
Expected<void, QString> write_private_file(const QString& path, const std::string& content);

// The socket path as the operating system's connect() wants it.
std::string native_socket_address(const QString& socket_path);

// Reads the service token (a 0600 file written by the service at start).
Expected<std::string, QString> read_token(const QString& token_path);

}  // namespace lapce_ai::ipc
