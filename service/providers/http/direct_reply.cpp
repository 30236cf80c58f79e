#include "direct_reply.h"

#include <QPointer>
#include <QSslSocket>

#include <algorithm>
#include <cstring>
#include <utility>

namespace lapce_ai::providers {

namespace {

// What the socket buffers beyond the body the reply holds; TCP flow control does the rest.
constexpr qint64 kSocketReadBufferBytes = 64 * 1024;
constexpr std::size_t kReadChunkBytes = 64 * 1024;

QNetworkAccessManager::Operation operation_of(const QByteArray& method) {
    if (method == "GET") return QNetworkAccessManager::GetOperation;
    if (method == "POST") return QNetworkAccessManager::PostOperation;
    if (method == "PUT") return QNetworkAccessManager::PutOperation;
    if (method == "DELETE") return QNetworkAccessManager::DeleteOperation;
    if (method == "HEAD") return QNetworkAccessManager::HeadOperation;
    return QNetworkAccessManager::CustomOperation;
}

// The codes Qt's HTTP backend gives an HTTP error status.
QNetworkReply::NetworkError error_of_status(int status) {
    switch (status) {
        case 400:
        case 418:
            return QNetworkReply::ProtocolInvalidOperationError;
        case 401:
            return QNetworkReply::AuthenticationRequiredError;
        case 403:
            return QNetworkReply::ContentAccessDenied;
        case 404:
            return QNetworkReply::ContentNotFoundError;
        case 405:
            return QNetworkReply::ContentOperationNotPermittedError;
        case 407:
            return QNetworkReply::ProxyAuthenticationRequiredError;
        case 409:
            return QNetworkReply::ContentConflictError;
        case 410:
            return QNetworkReply::ContentGoneError;
        case 500:
            return QNetworkReply::InternalServerError;
        case 501:
            return QNetworkReply::OperationNotImplementedError;
        case 503:
            return QNetworkReply::ServiceUnavailableError;
        default:
            return status >= 500 ? QNetworkReply::UnknownServerError
                                 : QNetworkReply::UnknownContentError;
    }
}

bool has_header(const std::vector<std::pair<QByteArray, QByteArray>>& headers, const char* name) {
    return std::any_of(headers.begin(), headers.end(), [&](const auto& header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

QByteArray request_target_of(const QUrl& url) {
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty()) target = "/";
    if (url.hasQuery()) target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    return target;
}

QByteArray authority_of(const QUrl& url) {
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':')) host = '[' + host + ']';
    const int default_port = url.scheme() == QLatin1String("https") ? 443 : 80;
    if (url.port(default_port) != default_port) host += ':' + QByteArray::number(url.port());
    return host;
}

// Whether HTTP/1.1 would send Content-Length for this request (HTTP/2 sends it the same way).
bool needs_content_length(const QByteArray& method,
                          const std::vector<std::pair<QByteArray, QByteArray>>& headers,
                          const QByteArray& body) {
    const bool sends_body =
        !body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH";
    return sends_body && !has_header(headers, "content-length");
}

bool is_connection_specific(const QByteArray& name) {
    for (const char* forbidden : {"connection", "keep-alive", "proxy-connection",
                                  "transfer-encoding", "upgrade", "host", "te"}) {
        if (name.compare(forbidden, Qt::CaseInsensitive) == 0) return true;
    }
    return false;
}

}  // namespace

QByteArray http1_request_bytes(const QByteArray& method, const QUrl& url,
                               const std::vector<std::pair<QByteArray, QByteArray>>& headers,
                               const QByteArray& body) {
    QByteArray out;
    out.reserve(256 + body.size());
    out += method + ' ' + request_target_of(url) + " HTTP/1.1\r\n";
    if (!has_header(headers, "host")) out += "Host: " + authority_of(url) + "\r\n";
    for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
    if (needs_content_length(method, headers, body))
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

std::vector<HpackHeader> http2_request_headers(
    const QByteArray& method, const QUrl& url,
    const std::vector<std::pair<QByteArray, QByteArray>>& headers, const QByteArray& body) {
    QByteArray authority = authority_of(url);
    for (const auto& [name, value] : headers) {
        if (name.compare("host", Qt::CaseInsensitive) == 0) authority = value;
    }
    std::vector<HpackHeader> out;
    out.reserve(headers.size() + 5);
    out.push_back({":method", method.toStdString()});
    out.push_back({":scheme", url.scheme().toStdString()});
    out.push_back({":authority", authority.toStdString()});
    out.push_back({":path", request_target_of(url).toStdString()});
    for (const auto& [name, value] : headers) {
        if (is_connection_specific(name)) continue;
        out.push_back({name.toLower().toStdString(), value.toStdString()});
    }
    if (needs_content_length(method, headers, body))
        out.push_back({"content-length", std::to_string(body.size())});
    return out;
}

DirectReply::DirectReply(std::weak_ptr<ConnectionPool> pool, HttpTarget target,
                         const QNetworkRequest& request, HttpRequest outgoing)
    : pool_(std::move(pool)),
      target_(std::move(target)),
      outgoing_(std::move(outgoing)),
      parser_(outgoing_.method == "HEAD") {
    setRequest(request);
    setUrl(request.url());
    setOperation(operation_of(outgoing_.method));
    if (operation() == QNetworkAccessManager::CustomOperation)
        setAttribute(QNetworkRequest::CustomVerbAttribute, outgoing_.method);
    setAttribute(QNetworkRequest::ConnectionEncryptedAttribute, target_.tls);
    QNetworkReply::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

DirectReply::~DirectReply() {
    release_socket(false);
    release_stream();
}

void DirectReply::start() {
    acquire(true);
}

void DirectReply::acquire(bool may_wait) {
    const std::shared_ptr<ConnectionPool> pool = pool_.lock();
    if (!pool) {
        fail_cancelled();
        return;
    }
    if (std::shared_ptr<Http2Connection> shared = pool->http2_for(target_)) {
        reused_ = true;
        open_stream(std::move(shared));
        return;
    }
    if (std::unique_ptr<QTcpSocket> idle = pool->take_idle(target_)) {
        use(std::move(idle), true);
        return;
    }
    const bool waits =
        may_wait && pool->wait_for_probe(target_, [reply = QPointer<DirectReply>(this)](
                                                      std::shared_ptr<Http2Connection> http2) {
            if (reply) reply->after_probe(std::move(http2));
        });
    if (waits) return;
    if (may_wait) {
        connect_new(*pool);
    } else {
        use(pool->make_socket(target_), false);
    }
}

void DirectReply::after_probe(std::shared_ptr<Http2Connection> http2) {
    if (finished_) return;
    if (http2) {
        reused_ = true;
        open_stream(std::move(http2));
        return;
    }
    // HTTP/1.1, or the probe failed: a connection of its own (unless one is free now), opened
    // alongside the other waiters' rather than after another probe.
    acquire(false);
}

void DirectReply::connect_new(ConnectionPool& pool) {
    probing_ = pool.probes(target_);
    if (probing_) pool.begin_probe(target_);
    use(pool.make_socket(target_), false);
}

void DirectReply::end_probe(const std::shared_ptr<Http2Connection>& http2, bool http1_learned) {
    if (!std::exchange(probing_, false)) return;
    if (const std::shared_ptr<ConnectionPool> pool = pool_.lock())
        pool->end_probe(target_, http2, http1_learned);
}

void DirectReply::use(std::unique_ptr<QTcpSocket> socket, bool reused) {
    socket_ = std::move(socket);
    reused_ = reused;
    over_http2_ = false;
    QTcpSocket* raw = socket_.get();
    raw->setReadBufferSize(kSocketReadBufferBytes);
    QObject::connect(raw, &QIODevice::readyRead, this, [this] { pump(); });
    QObject::connect(raw, &QIODevice::bytesWritten, this, [this] { check_sent(); });
    QObject::connect(raw, &QAbstractSocket::errorOccurred, this,
                     [this](QAbstractSocket::SocketError error) { on_socket_error(error); });
    QObject::connect(raw, &QAbstractSocket::disconnected, this, [this] {
        eof_ = true;
        pump();
    });
    if (reused) {
        send_request();
        return;
    }
    if (target_.tls) {
        QObject::connect(static_cast<QSslSocket*>(raw), &QSslSocket::encrypted, this,
                         [this] { on_connected(); });
    } else {
        QObject::connect(raw, &QAbstractSocket::connected, this, [this] { on_connected(); });
    }
    Q_EMIT socketStartedConnecting();
    // Last: connecting to an address may succeed or fail at once, signals included.
    ConnectionPool::connect(*raw, target_);
}

void DirectReply::on_connected() {
    socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket_->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    if (target_.tls &&
        static_cast<QSslSocket*>(socket_.get())->sslConfiguration().nextNegotiatedProtocol() ==
            QSslConfiguration::ALPNProtocolHTTP2) {
        // The server speaks HTTP/2 here: the connection becomes one that requests share.
        const std::shared_ptr<ConnectionPool> pool = pool_.lock();
        if (!pool) {
            fail_cancelled();
            return;
        }
        QObject::disconnect(socket_.get(), nullptr, this, nullptr);
        std::shared_ptr<Http2Connection> http2 = pool->adopt_http2(target_, std::move(socket_));
        open_stream(http2);
        end_probe(http2, false);  // the requests that waited for it share it
        return;
    }
    end_probe(nullptr, target_.tls);
    send_request();
}

void DirectReply::open_stream(std::shared_ptr<Http2Connection> connection) {
    over_http2_ = true;
    http2_status_ = 0;
    stream_id_ = connection->open(
        *this,
        http2_request_headers(outgoing_.method, outgoing_.url, outgoing_.headers, outgoing_.body),
        outgoing_.body.toStdString());
    if (stream_id_ == 0) {
        // The connection went, or filled up, since it was chosen.
        if (!send_again())
            fail(QNetworkReply::RemoteHostClosedError, QStringLiteral("Connection closed"));
        return;
    }
    http2_ = std::move(connection);
}

void DirectReply::release_stream() {
    // Let go first: what the connection does next may report to this reply.
    const std::shared_ptr<Http2Connection> connection = std::exchange(http2_, nullptr);
    if (!connection) return;
    connection->cancel(stream_id_);
}

void DirectReply::on_http2_head(int status, std::vector<HpackHeader>& headers) {
    http2_status_ = status;
    report_sent();  // an answer: the request has reached the server, whatever the socket says
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, QByteArray());  // HTTP/2 has none
    setAttribute(QNetworkRequest::Http2WasUsedAttribute, true);
    for (const HpackHeader& header : headers)
        add_header(QByteArray::fromStdString(header.name), QByteArray::fromStdString(header.value));
    Q_EMIT metaDataChanged();
}

void DirectReply::on_http2_data(std::string_view data) {
    body_.append(data);
    Q_EMIT readyRead();
}

void DirectReply::on_http2_end() {
    succeed();
}

void DirectReply::on_http2_failure(const Http2StreamFailure& failure) {
    if (finished_) return;
    // Sent again once: a request the server says it did not process, or one whose reused
    // connection went before any answer (as for HTTP/1.1).
    const bool retry =
        !failure.response_started && (failure.unprocessed || (reused_ && failure.transport_lost));
    if (retry && send_again()) return;
    if (failure.transport_lost) {
        fail(QNetworkReply::RemoteHostClosedError, QString::fromStdString(failure.message));
    } else {
        fail(QNetworkReply::ProtocolFailure, QString::fromStdString(failure.message));
    }
}

void DirectReply::on_http2_request_sent() {
    written_ = true;
    report_sent();
}

void DirectReply::report_sent() {
    if (!std::exchange(sent_, true)) Q_EMIT requestSent();
}

void DirectReply::send_request() {
    sending_ = true;
    socket_->write(
        http1_request_bytes(outgoing_.method, outgoing_.url, outgoing_.headers, outgoing_.body));
    socket_->flush();
    check_sent();
}

bool DirectReply::nothing_left_to_write() const {
    return socket_->bytesToWrite() == 0 &&
           (!target_.tls || static_cast<QSslSocket*>(socket_.get())->encryptedBytesToWrite() == 0);
}

void DirectReply::check_sent() {
    if (written_ || !sending_ || !socket_ || !nothing_left_to_write()) return;
    written_ = true;
    report_sent();
}

void DirectReply::pump() {
    pump_queued_ = false;
    const qint64 limit = readBufferSize();
    while (socket_ && !finished_ && (limit == 0 || unread() < limit)) {
        scratch_.resize(kReadChunkBytes);
        const qint64 read = socket_->read(scratch_.data(), static_cast<qint64>(scratch_.size()));
        if (read <= 0) break;
        feed(std::string_view(scratch_.data(), static_cast<std::size_t>(read)));
    }
    if (socket_ && !finished_ && eof_ && socket_->bytesAvailable() == 0) on_end_of_input();
}

void DirectReply::feed(std::string_view bytes) {
    bool body_grew = false;
    for (;;) {
        const Http1ResponseParser::Step step = parser_.next(bytes);
        bytes.remove_prefix(step.consumed);
        switch (step.event) {
            case Http1ResponseParser::Event::NeedMore:
                if (body_grew) Q_EMIT readyRead();
                return;
            case Http1ResponseParser::Event::Head:
                on_head();
                if (finished_) return;
                break;
            case Http1ResponseParser::Event::Body:
                body_.append(step.body);
                body_grew = true;
                break;
            case Http1ResponseParser::Event::Complete:
                // First, so that a reader done with the body at its last bytes does not cost the
                // connection; bytes past the response put it out of step: not reusable.
                release_socket(parser_.keep_alive() && bytes.empty());
                if (body_grew) Q_EMIT readyRead();
                if (!finished_) succeed();
                return;
            case Http1ResponseParser::Event::Error:
                if (body_grew) Q_EMIT readyRead();
                fail(QNetworkReply::ProtocolFailure, QString::fromStdString(parser_.error()));
                return;
        }
    }
}

void DirectReply::on_head() {
    const Http1ResponseHead& head = parser_.head();
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, head.status);
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, head.reason);
    setAttribute(QNetworkRequest::Http2WasUsedAttribute, false);
    for (const auto& [name, value] : head.headers) add_header(name, value);
    Q_EMIT metaDataChanged();
}

void DirectReply::add_header(const QByteArray& name, const QByteArray& value) {
    // A header sent more than once is one value, as Qt joins it.
    QByteArray joined = rawHeader(name);
    if (!joined.isEmpty())
        joined += name.compare("set-cookie", Qt::CaseInsensitive) == 0 ? "\n" : ", ";
    joined += value;
    setRawHeader(name, joined);
}

void DirectReply::on_end_of_input() {
    if (finished_) return;
    if (retry_on_fresh_connection()) return;
    if (parser_.end_of_input().event == Http1ResponseParser::Event::Complete) {
        release_socket(false);
        succeed();
        return;
    }
    fail(QNetworkReply::RemoteHostClosedError, QStringLiteral("Connection closed"));
}

void DirectReply::on_socket_error(QAbstractSocket::SocketError error) {
    if (finished_ || !socket_) return;
    if (error == QAbstractSocket::RemoteHostClosedError) {
        eof_ = true;
        pump();
        return;
    }
    if (retry_on_fresh_connection()) return;
    const QString detail = socket_->errorString();
    switch (error) {
        case QAbstractSocket::ConnectionRefusedError:
            fail(QNetworkReply::ConnectionRefusedError, QStringLiteral("Connection refused"));
            break;
        case QAbstractSocket::HostNotFoundError:
            fail(QNetworkReply::HostNotFoundError,
                 QStringLiteral("Host %1 not found").arg(target_.host));
            break;
        case QAbstractSocket::SocketTimeoutError:
            fail(QNetworkReply::TimeoutError, QStringLiteral("Socket operation timed out"));
            break;
        case QAbstractSocket::SslHandshakeFailedError:
            fail(QNetworkReply::SslHandshakeFailedError,
                 QStringLiteral("SSL handshake failed: ") + detail);
            break;
        default:
            fail(QNetworkReply::UnknownNetworkError, detail);
            break;
    }
}

bool DirectReply::retry_on_fresh_connection() {
    // Only a kept-alive connection the server closed before it answered: the request never
    // reached it, or was not taken up.
    if (!reused_ || parser_.started()) return false;
    return send_again();
}

bool DirectReply::send_again() {
    const std::shared_ptr<ConnectionPool> pool = pool_.lock();
    if (retried_ || !pool) return false;
    retried_ = true;
    release_socket(false);
    release_stream();
    body_.clear();
    body_read_ = 0;
    sending_ = false;
    written_ = false;
    eof_ = false;
    // A stream the server refused may go on another stream of a shared connection.
    if (std::shared_ptr<Http2Connection> shared = pool->http2_for(target_)) {
        open_stream(std::move(shared));
        return true;
    }
    connect_new(*pool);
    return true;
}

void DirectReply::succeed() {
    const int status = over_http2_ ? http2_status_ : parser_.head().status;
    if (status >= 400) {
        const QByteArray reason = over_http2_ ? QByteArray() : parser_.head().reason;
        setError(error_of_status(status),
                 QStringLiteral("Error transferring %1 - server replied: %2")
                     .arg(url().toString(), QString::fromLatin1(reason)));
        Q_EMIT errorOccurred(error());
    }
    finish();
}

void DirectReply::fail(NetworkError error, const QString& message) {
    if (finished_) return;
    release_socket(false);
    release_stream();
    setError(error, message);
    Q_EMIT errorOccurred(error);
    finish();
}

void DirectReply::release_socket(bool reusable) {
    end_probe(nullptr, false);  // it failed or is abandoned: the waiting requests go on their own
    if (!socket_) return;
    QObject::disconnect(socket_.get(), nullptr, this, nullptr);
    const std::shared_ptr<ConnectionPool> pool = pool_.lock();
    // A connection still writing this request (the server answered before the whole body
    // arrived) would send the rest ahead of the next one.
    if (reusable && pool && written_ && nothing_left_to_write() &&
        socket_->state() == QAbstractSocket::ConnectedState && socket_->bytesAvailable() == 0) {
        pool->keep(target_, std::move(socket_));
        return;
    }
    socket_->abort();
    // This may run inside one of the socket's own signals.
    socket_.release()->deleteLater();
}

void DirectReply::finish() {
    finished_ = true;
    setFinished(true);
    Q_EMIT finished();
}

void DirectReply::abort() {
    if (finished_) return;
    QNetworkReply::close();
    fail_cancelled();
}

void DirectReply::close() {
    if (finished_) return;
    if (error() != QNetworkReply::NoError) {
        release_socket(false);
        release_stream();
        QNetworkReply::close();
        finish();
        return;
    }
    abort();
}

qint64 DirectReply::bytesAvailable() const {
    return QNetworkReply::bytesAvailable() + unread();
}

qint64 DirectReply::readData(char* data, qint64 max_size) {
    const qint64 count = std::min(max_size, unread());
    if (count > 0) {
        std::memcpy(data, body_.data() + body_read_, static_cast<std::size_t>(count));
        body_read_ += static_cast<std::size_t>(count);
        // What was read goes, so the buffer stays within the unread limit and a read's worth.
        if (body_read_ == body_.size()) {
            body_.clear();
            body_read_ = 0;
        } else if (body_read_ >= kReadChunkBytes) {
            body_.erase(0, body_read_);
            body_read_ = 0;
        }
        if (http2_) http2_->consumed(stream_id_, static_cast<std::size_t>(count));
    }
    // Reading made room: what the socket holds (it stopped at the limit) is taken up next.
    if (socket_ && !pump_queued_ && socket_->bytesAvailable() > 0) {
        pump_queued_ = true;
        QMetaObject::invokeMethod(
            this, [this] { pump(); }, Qt::QueuedConnection);
    }
    if (count == 0 && finished_) return -1;
    return count;
}

}  // namespace lapce_ai::providers
