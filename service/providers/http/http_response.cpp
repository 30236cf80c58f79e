#include "http_response.h"

#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>

namespace lapce_ai::providers {

HttpResponse::HttpResponse(QNetworkReply* reply, std::string host_port)
    : reply_(reply), host_port_(std::move(host_port)) {
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [this] {
        headers_seen_ = true;
        wake();
    });
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [this] {
        headers_seen_ = true;
        body_started_ = true;
        wake();
    });
    QObject::connect(reply, &QNetworkReply::finished, reply, [this] {
        finished_ = true;
        wake();
    });
    QObject::connect(reply, &QNetworkReply::requestSent, reply, [this] {
        if (on_request_sent_) std::exchange(on_request_sent_, nullptr)();
    });
}

HttpResponse::~HttpResponse() {
    waiter_ = {};
    if (!finished_ && cancelling_ != nullptr && *cancelling_) count_error(HttpErrorKind::Cancelled);
    if (active_gauge_ != nullptr) active_gauge_->fetch_sub(1, std::memory_order_relaxed);
    QObject::disconnect(reply_.get(), nullptr, reply_.get(), nullptr);
    abort();
}

void HttpResponse::track_active(std::atomic<std::uint64_t>* gauge) {
    active_gauge_ = gauge;
    active_gauge_->fetch_add(1, std::memory_order_relaxed);
}

void HttpResponse::limit_time_to_headers(std::chrono::milliseconds limit) {
    if (limit.count() <= 0) return;
    // Owned by the reply, the timer goes with the exchange. QTimer::singleShot's own timer
    // would outlive it until it fired: ten minutes of memory after every request by default.
    auto* timer = new QTimer(reply_.get());
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, reply_.get(), [this] {
        if (headers_seen_ || finished_) return;
        timed_out_ = true;
        reply_->abort();
    });
    timer->start(limit);
}

void HttpResponse::abort() {
    if (finished_) return;
    // A reply that already reported an HTTP error (a 5xx about to be retried) must not report a
    // second one: Qt warns. Closing it stops the transfer as well.
    if (reply_->error() == QNetworkReply::NoError) {
        reply_->abort();
    } else {
        reply_->close();
    }
}

bool HttpResponse::ready_for_reader() const {
    return finished_ || reply_->bytesAvailable() > 0;
}

void HttpResponse::wake() {
    // Resuming may destroy this response (the handler is done with it): touch nothing after.
    if (auto waiter = std::exchange(waiter_, {})) waiter.resume();
}

int HttpResponse::status() const {
    return reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QByteArray HttpResponse::status_text() const {
    return reply_->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
}

bool HttpResponse::http2_used() const {
    return reply_->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
}

std::optional<QByteArray> HttpResponse::header(const QByteArray& name) const {
    if (!reply_->hasRawHeader(name)) return std::nullopt;
    return reply_->rawHeader(name);
}

QList<QNetworkReply::RawHeaderPair> HttpResponse::headers() const {
    return reply_->rawHeaderPairs();
}

namespace {

// Errors below 100 are the network layer's, and ProtocolFailure a response that broke HTTP's
// rules (a malformed head or chunk); the other codes name HTTP statuses, which carry a complete
// response the handlers read like any other.
bool is_transport_error(QNetworkReply::NetworkError error) {
    return (error != QNetworkReply::NoError &&
            error < QNetworkReply::ProxyConnectionRefusedError) ||
           error == QNetworkReply::ProtocolFailure;
}

}  // namespace

void HttpResponse::count_error(HttpErrorKind kind) {
    if (errors_ == nullptr || std::exchange(error_counted_, true)) return;
    errors_->add(kind);
}

void HttpResponse::throw_transport_error() {
    using Kind = TransportError::Kind;
    const QNetworkReply::NetworkError error = reply_->error();
    count_error(
        classify_http_error(error, status(), timed_out_).value_or(HttpErrorKind::Connection));
    const std::string detail = reply_->errorString().toStdString();
    Kind kind = Kind::Other;
    if (timed_out_) {
        kind = Kind::Timeout;
    } else if (error == QNetworkReply::ConnectionRefusedError) {
        kind = Kind::ConnectionRefused;
    } else if (error == QNetworkReply::HostNotFoundError) {
        kind = Kind::HostNotFound;
    } else if (error == QNetworkReply::SslHandshakeFailedError) {
        kind = Kind::Tls;
    } else if (error == QNetworkReply::RemoteHostClosedError ||
               error == QNetworkReply::ProtocolFailure ||
               error == QNetworkReply::UnknownNetworkError) {
        kind = headers_seen_ && status() != 0 ? Kind::ClosedMidBody : Kind::ClosedBeforeResponse;
    }
    throw TransportError(kind, detail, host_port_);
}

Task<void> HttpResponse::wait_for_headers() {
    while (!headers_seen_ && !finished_) co_await Wait{this};
    if (finished_ && is_transport_error(reply_->error()) && status() == 0) throw_transport_error();
    if (timed_out_) throw_transport_error();
}

Task<std::optional<std::string_view>> HttpResponse::read_some_view() {
    // Bounds what a stream holds between reads however much arrived at once.
    constexpr qint64 kMaxRead = 256 * 1024;
    for (;;) {
        if (const qint64 available = reply_->bytesAvailable(); available > 0) {
            read_buffer_.resize(static_cast<std::size_t>(std::min(available, kMaxRead)));
            const qint64 read = reply_->read(read_buffer_.data(), std::ssize(read_buffer_));
            if (read > 0)
                co_return std::string_view(read_buffer_.data(), static_cast<std::size_t>(read));
        }
        if (finished_) {
            if (is_transport_error(reply_->error())) throw_transport_error();
            co_return std::nullopt;
        }
        co_await Wait{this};
    }
}

Task<std::optional<QByteArray>> HttpResponse::read_some() {
    const std::optional<std::string_view> bytes = co_await read_some_view();
    if (!bytes) co_return std::nullopt;
    co_return QByteArray(bytes->data(), std::ssize(*bytes));
}

Task<QByteArray> HttpResponse::read_all(std::int64_t limit) {
    QByteArray body;
    while (std::optional<std::string_view> bytes = co_await read_some_view()) {
        if (body.size() + std::ssize(*bytes) > limit) {
            count_error(HttpErrorKind::Protocol);
            abort();
            throw TransportError(TransportError::Kind::Other, "response body larger than the limit",
                                 host_port_);
        }
        body.append(bytes->data(), std::ssize(*bytes));
    }
    co_return body;
}

}  // namespace lapce_ai::providers
