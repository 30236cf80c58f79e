#pragma once

// One HTTP exchange on its way: the status and headers once they arrived, then the body as it
// streams in. Reads are coroutines resumed by the reply's signals. Destroying the response
// aborts an unfinished reply at once (QNetworkReply::abort), which is how a cancelled stream
// stops talking to the provider.

#include <QByteArray>
#include <QNetworkReply>

#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http_error_kind.h"
#include "task.h"
#include "transport_error.h"

namespace lapce_ai::providers {

class HttpResponse {
  public:
    // Takes ownership of `reply`; `host_port` names the peer in error messages.
    HttpResponse(QNetworkReply* reply, std::string host_port);
    ~HttpResponse();
    HttpResponse(const HttpResponse&) = delete;
    HttpResponse& operator=(const HttpResponse&) = delete;

    // Waits for the status line and headers; throws TransportError when the exchange failed
    // before a response came.
    Task<void> wait_for_headers();

    int status() const;
    // The value of a header (name case-insensitive); nullopt when absent.
    std::optional<QByteArray> header(const QByteArray& name) const;
    QList<QNetworkReply::RawHeaderPair> headers() const;
    // "OK", "Too Many Requests": the reason phrase the server sent.
    QByteArray status_text() const;
    // The exchange went over HTTP/2 (offered by the server through ALPN).
    bool http2_used() const;
    // Body bytes handed to the reply that wait to be read: over HTTP/1.1 bounded by the client's
    // read buffer however far the reader falls behind.
    qint64 unread_bytes() const { return reply_->bytesAvailable(); }

    // The next bytes of the body (at least one), nullopt at its end. Throws TransportError when
    // the connection was cut before the body was complete.
    Task<std::optional<QByteArray>> read_some();
    // As read_some, into a buffer this response reuses: the view is valid until the next call.
    Task<std::optional<std::string_view>> read_some_view();
    // The whole (remaining) body; throws TransportError as read_some, or when it grows past
    // `limit` bytes.
    Task<QByteArray> read_all(std::int64_t limit = 64 * 1024 * 1024);

    // Stops the exchange now (also what the destructor does).
    void abort();
    // Called once when the request has left (a connection was acquired and written to).
    void on_request_sent(std::function<void()> callback) { on_request_sent_ = std::move(callback); }
    // Counts this exchange in `gauge` (active streams per host) until it is destroyed.
    void track_active(std::atomic<std::uint64_t>* gauge);
    // Aborts the exchange as a timeout unless the headers arrived within `limit`.
    void limit_time_to_headers(std::chrono::milliseconds limit);
    // Counts this exchange's failure (at most one) in `counters`; destroyed unfinished while
    // `*cancelling` is true, it counts as cancelled.
    void count_errors_in(HttpErrorCounters* counters, const bool* cancelling) {
        errors_ = counters;
        cancelling_ = cancelling;
    }

  private:
    struct Wait {
        HttpResponse* response;
        bool await_ready() const noexcept { return response->ready_for_reader(); }
        void await_suspend(std::coroutine_handle<> handle) noexcept { response->waiter_ = handle; }
        void await_resume() const noexcept {}
    };

    bool ready_for_reader() const;
    void wake();
    [[noreturn]] void throw_transport_error();
    void count_error(HttpErrorKind kind);

    struct DeleteLater {
        void operator()(QNetworkReply* reply) const { reply->deleteLater(); }
    };
    std::unique_ptr<QNetworkReply, DeleteLater> reply_;  // never null
    std::string host_port_;
    std::coroutine_handle<> waiter_;
    bool headers_seen_ = false;
    bool finished_ = false;
    bool body_started_ = false;
    bool timed_out_ = false;
    std::function<void()> on_request_sent_;
    std::atomic<std::uint64_t>* active_gauge_ = nullptr;
    HttpErrorCounters* errors_ = nullptr;
    const bool* cancelling_ = nullptr;
    bool error_counted_ = false;
    std::string read_buffer_;  // read_some_view's

    friend class HttpClient;
};

}  // namespace lapce_ai::providers
