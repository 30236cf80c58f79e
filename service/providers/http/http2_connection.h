#pragma once

// One HTTP/2 connection of the engine's own, on the thread that uses it: an Http2ClientSession
// over a socket that negotiated "h2" by ALPN. It moves bytes between the two, tells each stream
// when its whole request has left, and closes itself when the session fails or the socket goes.
// The pool and the replies streaming on it share it.

#include <QObject>
#include <QTcpSocket>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http2_client_session.h"

namespace lapce_ai::providers {

class Http2Connection : public std::enable_shared_from_this<Http2Connection> {
  public:
    // `socket`: connected (TLS done), "h2" negotiated; nothing has been read from it.
    explicit Http2Connection(std::unique_ptr<QTcpSocket> socket);
    // Sends the connection preface and starts reading; once owned by a shared_ptr.
    void start();
    ~Http2Connection();
    Http2Connection(const Http2Connection&) = delete;
    Http2Connection& operator=(const Http2Connection&) = delete;

    // Another stream can start here now; open() returns 0 when it cannot.
    bool can_open() const;
    std::size_t open_streams() const { return session_.open_streams(); }
    // Open for use: neither failed nor closed by the server, nor going away.
    bool usable() const;
    // Since when it has had no stream (the pool's idle limit); meaningful when open_streams() == 0.
    std::chrono::steady_clock::time_point idle_since() const { return idle_since_; }

    std::uint32_t open(Http2StreamListener& listener, const std::vector<HpackHeader>& headers,
                       std::string body);
    void consumed(std::uint32_t stream_id, std::size_t bytes);
    void cancel(std::uint32_t stream_id);
    void close();

  private:
    void on_ready_read();
    void read_later();
    void on_gone(std::string why);
    void flush();
    bool nothing_left_to_write() const;
    void report_sent();
    void note_if_idle();

    std::unique_ptr<QTcpSocket> socket_;
    Http2ClientSession session_;
    std::vector<std::uint32_t> written_;  // whole requests handed to the socket, not yet reported
    std::chrono::steady_clock::time_point idle_since_ = std::chrono::steady_clock::now();
    std::string scratch_;
    bool idle_ = true;
    bool reading_ = false;   // in on_ready_read's loop
    bool flushing_ = false;  // writing to the socket, which may emit its signals from within
    bool read_queued_ = false;
    std::optional<std::string> gone_;  // the socket went while reading or writing: why
    bool closed_ = false;
    QObject context_;  // receives the socket's signals
};

}  // namespace lapce_ai::providers
