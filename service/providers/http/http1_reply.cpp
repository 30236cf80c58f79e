#include "http1_reply.h"

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

}  // namespace

QByteArray http1_request_bytes(const QByteArray& method, const QUrl& url,
                               const std::vector<std::pair<QByteArray, QByteArray>>& headers,
                               const QByteArray& body) {
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty()) target = "/";
    if (url.hasQuery()) target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray out;
    out.reserve(256 + body.size());
    out += method + ' ' + target + " HTTP/1.1\r\n";
    if (!has_header(headers, "host")) {
        QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        if (host.contains(':')) host = '[' + host + ']';
        const int default_port = url.scheme() == QLatin1String("https") ? 443 : 80;
        if (url.port(default_port) != default_port) host += ':' + QByteArray::number(url.port());
        out += "Host: " + host + "\r\n";
    }
    for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
    const bool sends_body =
        !body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH";
    if (sends_body && !has_header(headers, "content-length"))
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

Http1Reply::Http1Reply(std::weak_ptr<Http1ConnectionPool> pool, Http1Target target,
                       const QNetworkRequest& request, QByteArray method, QByteArray request_bytes,
                       std::function<QNetworkReply*()> over_http2)
    : pool_(std::move(pool)),
      target_(std::move(target)),
      request_bytes_(std::move(request_bytes)),
      over_http2_(std::move(over_http2)),
      parser_(method == "HEAD") {
    setRequest(request);
    setUrl(request.url());
    setOperation(operation_of(method));
    if (operation() == QNetworkAccessManager::CustomOperation)
        setAttribute(QNetworkRequest::CustomVerbAttribute, method);
    setAttribute(QNetworkRequest::ConnectionEncryptedAttribute, target_.tls);
    QNetworkReply::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

Http1Reply::~Http1Reply() {
    release_socket(false);
    if (QNetworkReply* inner = inner_.data()) {
        QObject::disconnect(inner, nullptr, this, nullptr);
        inner->abort();
        inner->deleteLater();
    }
}

void Http1Reply::start() {
    const std::shared_ptr<Http1ConnectionPool> pool = pool_.lock();
    if (!pool) {
        fail_cancelled();
        return;
    }
    if (std::unique_ptr<QTcpSocket> idle = pool->take_idle(target_)) {
        use(std::move(idle), true);
    } else {
        use(pool->make_socket(target_), false);
    }
}

void Http1Reply::use(std::unique_ptr<QTcpSocket> socket, bool reused) {
    socket_ = std::move(socket);
    reused_ = reused;
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
    Http1ConnectionPool::connect(*raw, target_);
}

void Http1Reply::on_connected() {
    socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket_->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    if (target_.tls && over_http2_ &&
        static_cast<QSslSocket*>(socket_.get())->sslConfiguration().nextNegotiatedProtocol() ==
            QSslConfiguration::ALPNProtocolHTTP2) {
        // The server speaks HTTP/2 here: Qt's HTTP/2 takes the exchange (on its own connection).
        release_socket(false);
        if (QNetworkReply* inner = over_http2_()) {
            relay(inner);
        } else {
            fail_cancelled();
        }
        return;
    }
    send_request();
}

void Http1Reply::send_request() {
    sending_ = true;
    socket_->write(request_bytes_);
    socket_->flush();
    check_sent();
}

bool Http1Reply::nothing_left_to_write() const {
    return socket_->bytesToWrite() == 0 &&
           (!target_.tls || static_cast<QSslSocket*>(socket_.get())->encryptedBytesToWrite() == 0);
}

void Http1Reply::check_sent() {
    if (written_ || !sending_ || !socket_ || !nothing_left_to_write()) return;
    written_ = true;
    if (!std::exchange(sent_, true)) Q_EMIT requestSent();
}

void Http1Reply::pump() {
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

void Http1Reply::feed(std::string_view bytes) {
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

void Http1Reply::on_head() {
    const Http1ResponseHead& head = parser_.head();
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, head.status);
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, head.reason);
    setAttribute(QNetworkRequest::Http2WasUsedAttribute, false);
    for (const auto& [name, value] : head.headers) {
        // A header sent more than once is one value, as Qt joins it.
        QByteArray joined = rawHeader(name);
        if (!joined.isEmpty())
            joined += name.compare("set-cookie", Qt::CaseInsensitive) == 0 ? "\n" : ", ";
        joined += value;
        setRawHeader(name, joined);
    }
    Q_EMIT metaDataChanged();
}

void Http1Reply::on_end_of_input() {
    if (finished_) return;
    if (retry_on_fresh_connection()) return;
    if (parser_.end_of_input().event == Http1ResponseParser::Event::Complete) {
        release_socket(false);
        succeed();
        return;
    }
    fail(QNetworkReply::RemoteHostClosedError, QStringLiteral("Connection closed"));
}

void Http1Reply::on_socket_error(QAbstractSocket::SocketError error) {
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

bool Http1Reply::retry_on_fresh_connection() {
    // Only a kept-alive connection the server closed before it answered: the request never
    // reached it, or was not taken up.
    if (!reused_ || retried_ || parser_.started()) return false;
    const std::shared_ptr<Http1ConnectionPool> pool = pool_.lock();
    if (!pool) return false;
    retried_ = true;
    release_socket(false);
    sending_ = false;
    written_ = false;
    eof_ = false;
    use(pool->make_socket(target_), false);
    return true;
}

void Http1Reply::succeed() {
    if (const int status = parser_.head().status; status >= 400) {
        setError(error_of_status(status),
                 QStringLiteral("Error transferring %1 - server replied: %2")
                     .arg(url().toString(), QString::fromLatin1(parser_.head().reason)));
        Q_EMIT errorOccurred(error());
    }
    finish();
}

void Http1Reply::fail(NetworkError error, const QString& message) {
    if (finished_) return;
    release_socket(false);
    setError(error, message);
    Q_EMIT errorOccurred(error);
    finish();
}

void Http1Reply::release_socket(bool reusable) {
    if (!socket_) return;
    QObject::disconnect(socket_.get(), nullptr, this, nullptr);
    const std::shared_ptr<Http1ConnectionPool> pool = pool_.lock();
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

void Http1Reply::relay(QNetworkReply* inner) {
    inner_ = inner;
    inner->setReadBufferSize(readBufferSize());
    QObject::connect(inner, &QNetworkReply::socketStartedConnecting, this,
                     &QNetworkReply::socketStartedConnecting);
    QObject::connect(inner, &QNetworkReply::requestSent, this, [this] {
        if (!std::exchange(sent_, true)) Q_EMIT requestSent();
    });
    QObject::connect(inner, &QNetworkReply::metaDataChanged, this, [this, inner] {
        for (const QNetworkRequest::Attribute attribute :
             {QNetworkRequest::HttpStatusCodeAttribute, QNetworkRequest::HttpReasonPhraseAttribute,
              QNetworkRequest::Http2WasUsedAttribute})
            setAttribute(attribute, inner->attribute(attribute));
        for (const RawHeaderPair& header : inner->rawHeaderPairs())
            setRawHeader(header.first, header.second);
        Q_EMIT metaDataChanged();
    });
    QObject::connect(inner, &QNetworkReply::readyRead, this, [this] { Q_EMIT readyRead(); });
    QObject::connect(inner, &QNetworkReply::finished, this, [this, inner] {
        if (finished_) return;
        if (inner->error() != QNetworkReply::NoError) {
            setError(inner->error(), inner->errorString());
            Q_EMIT errorOccurred(error());
        }
        finish();
    });
}

void Http1Reply::finish() {
    finished_ = true;
    setFinished(true);
    Q_EMIT finished();
}

void Http1Reply::abort() {
    if (finished_) return;
    if (QNetworkReply* inner = inner_.data()) {
        QObject::disconnect(inner, nullptr, this, nullptr);
        inner->abort();
    }
    QNetworkReply::close();
    fail_cancelled();
}

void Http1Reply::close() {
    if (finished_) return;
    if (error() != QNetworkReply::NoError) {
        if (QNetworkReply* inner = inner_.data()) {
            QObject::disconnect(inner, nullptr, this, nullptr);
            inner->close();
        }
        release_socket(false);
        QNetworkReply::close();
        finish();
        return;
    }
    abort();
}

qint64 Http1Reply::bytesAvailable() const {
    if (const QNetworkReply* inner = inner_.data())
        return QNetworkReply::bytesAvailable() + inner->bytesAvailable();
    return QNetworkReply::bytesAvailable() + unread();
}

void Http1Reply::setReadBufferSize(qint64 size) {
    QNetworkReply::setReadBufferSize(size);
    if (QNetworkReply* inner = inner_.data()) inner->setReadBufferSize(size);
}

qint64 Http1Reply::readData(char* data, qint64 max_size) {
    if (QNetworkReply* inner = inner_.data()) return inner->read(data, max_size);
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
