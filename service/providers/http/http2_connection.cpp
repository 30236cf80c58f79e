#include "http2_connection.h"

#include <QScopeGuard>
#include <QSslSocket>

#include <utility>

namespace lapce_ai::providers {

namespace {

constexpr std::size_t kReadChunkBytes = 64 * 1024;

}  // namespace

Http2Connection::Http2Connection(std::unique_ptr<QTcpSocket> socket) : socket_(std::move(socket)) {}

void Http2Connection::start() {
    QTcpSocket* raw = socket_.get();
    // Flow control bounds what the server may send ahead of the readers; all of it is read.
    raw->setReadBufferSize(0);
    QObject::connect(raw, &QIODevice::readyRead, &context_, [this] { on_ready_read(); });
    QObject::connect(raw, &QIODevice::bytesWritten, &context_, [this] { report_sent(); });
    QObject::connect(raw, &QAbstractSocket::disconnected, &context_,
                     [this] { on_gone("Connection closed"); });
    QObject::connect(raw, &QAbstractSocket::errorOccurred, &context_,
                     [this](QAbstractSocket::SocketError error) {
                         on_gone(error == QAbstractSocket::RemoteHostClosedError
                                     ? std::string("Connection closed")
                                     : socket_->errorString().toStdString());
                     });
    flush();  // the connection preface and SETTINGS
    // Bytes that came with the end of the TLS handshake are already waiting.
    if (raw->bytesAvailable() > 0) read_later();
}

void Http2Connection::read_later() {
    if (std::exchange(read_queued_, true)) return;
    QMetaObject::invokeMethod(
        &context_,
        [this] {
            read_queued_ = false;
            on_ready_read();
        },
        Qt::QueuedConnection);
}

Http2Connection::~Http2Connection() {
    if (!socket_) return;
    QObject::disconnect(socket_.get(), nullptr, &context_, nullptr);
    socket_->abort();
    // This may run inside one of the socket's own signals.
    socket_.release()->deleteLater();
}

bool Http2Connection::usable() const {
    return !closed_ && !session_.failed() && !session_.going_away();
}

bool Http2Connection::can_open() const {
    return !closed_ && session_.can_open();
}

std::uint32_t Http2Connection::open(Http2StreamListener& listener,
                                    const std::vector<HpackHeader>& headers, std::string body) {
    if (!can_open()) return 0;
    const std::uint32_t id = session_.open(listener, headers, std::move(body));
    note_if_idle();
    flush();
    return id;
}

void Http2Connection::consumed(std::uint32_t stream_id, std::size_t bytes) {
    session_.consumed(stream_id, bytes);
    flush();
}

void Http2Connection::cancel(std::uint32_t stream_id) {
    session_.cancel(stream_id);
    flush();
    note_if_idle();
}

void Http2Connection::on_ready_read() {
    if (closed_ || reading_) return;  // reading: the loop below takes these bytes too, in order
    if (flushing_) {
        // From a write (QSslSocket reads as it flushes), maybe inside a reader returning
        // credit: the streams hear of it from the event loop, not from within their reader.
        read_later();
        return;
    }
    const std::shared_ptr<Http2Connection> self = shared_from_this();  // the streams may let go
    reading_ = true;
    const auto done = qScopeGuard([this] { reading_ = false; });
    for (;;) {
        scratch_.resize(kReadChunkBytes);
        const qint64 read = socket_->read(scratch_.data(), static_cast<qint64>(scratch_.size()));
        if (read > 0) {
            if (!session_.receive(
                    std::string_view(scratch_.data(), static_cast<std::size_t>(read)))) {
                close();  // sends the GOAWAY the session queued
                return;
            }
            if (closed_) return;
            continue;
        }
        flush();  // writing may read more (QSslSocket): read until nothing is left
        if (closed_) return;
        if (socket_->bytesAvailable() == 0) break;
    }
    note_if_idle();
    if (gone_) {
        reading_ = false;
        on_gone(*std::exchange(gone_, std::nullopt));
    }
}

void Http2Connection::on_gone(std::string why) {
    if (closed_) return;
    if (reading_ || flushing_) {
        // Reported from within a read or a write: what the socket still holds is read first.
        gone_ = why;
        if (!reading_) {
            QMetaObject::invokeMethod(
                &context_,
                [this] {
                    if (gone_) on_gone(*std::exchange(gone_, std::nullopt));
                },
                Qt::QueuedConnection);
        }
        return;
    }
    const std::shared_ptr<Http2Connection> self = shared_from_this();
    // What arrived before the close is the streams' own (a last DATA with END_STREAM).
    gone_.reset();
    if (socket_->bytesAvailable() > 0) on_ready_read();
    if (closed_) return;
    session_.lose_transport(why);
    close();
}

void Http2Connection::close() {
    if (closed_) return;
    const std::shared_ptr<Http2Connection> self = shared_from_this();  // the streams may let go
    session_.say_goodbye();
    flush();
    if (closed_) return;
    closed_ = true;
    session_.lose_transport("Connection closed");
    QObject::disconnect(socket_.get(), nullptr, &context_, nullptr);
    socket_->disconnectFromHost();
    socket_.release()->deleteLater();
}

void Http2Connection::flush() {
    std::string& out = session_.output();
    const bool outermost = !std::exchange(flushing_, true);
    while (!out.empty() && socket_ && !closed_) {
        // Taken before writing: writing may report a close, which may add to the output.
        const std::string bytes = std::exchange(out, {});
        socket_->write(bytes.data(), static_cast<qint64>(bytes.size()));
        socket_->flush();
    }
    if (outermost) flushing_ = false;
    out.clear();
    for (const std::uint32_t id : session_.take_written_streams()) written_.push_back(id);
    report_sent();
}

bool Http2Connection::nothing_left_to_write() const {
    if (socket_->bytesToWrite() != 0) return false;
    const auto* tls = qobject_cast<const QSslSocket*>(socket_.get());
    return tls == nullptr || tls->encryptedBytesToWrite() == 0;
}

void Http2Connection::report_sent() {
    if (written_.empty() || closed_ || !nothing_left_to_write()) return;
    for (const std::uint32_t id : std::exchange(written_, {})) {
        if (Http2StreamListener* listener = session_.listener_of(id))
            listener->on_http2_request_sent();
    }
}

void Http2Connection::note_if_idle() {
    const bool idle = session_.open_streams() == 0;
    if (idle && !idle_) idle_since_ = std::chrono::steady_clock::now();
    idle_ = idle;
}

}  // namespace lapce_ai::providers
