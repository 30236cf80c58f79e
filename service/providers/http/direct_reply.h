#pragma once

// One exchange run by the engine itself on the calling thread, as a QNetworkReply: HTTP/1.1 on a
// connection of its own, or a stream on a shared HTTP/2 connection when TLS negotiates "h2".
//
// Why not Qt's: Qt 6.4's QNetworkAccessManager runs HTTP on a thread of its own and crosses
// between threads four times before a request body is written (start, the upload device's
// wantData / haveUploadData, requestSent), each a thread wake-up; under concurrent streams that
// put the time to get a request on the wire over a millisecond. Here the request is written to a
// kept-alive connection at once, and the response is read from the socket where it is used.
//
// The reply behaves as Qt's: metaDataChanged with the status and headers (the same attributes,
// duplicate headers joined with ", "), readyRead as the body comes, the same NetworkError codes
// for connection failures and HTTP error statuses, abort() and close().
// - HTTP/1.1: a read buffer limit stops reading from the socket (TCP then makes the server wait);
//   a reused connection that the server had closed before answering is replaced once, as Qt does.
// - HTTP/2: flow-control credit goes back as the body is read, so a slow reader makes the server
//   wait; a request the server did not process (REFUSED_STREAM, GOAWAY), or one on a reused
//   connection that closed before any answer, is sent once more on a new connection.

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>

#include <memory>
#include <string>

#include "connection_pool.h"
#include "http1_response_parser.h"
#include "http2_connection.h"
#include "http_request.h"

namespace lapce_ai::providers {

class DirectReply final : public QNetworkReply, private Http2StreamListener {
  public:
    // `outgoing`: what to send (its URL already rewritten); `request`: what the reply reports.
    DirectReply(std::weak_ptr<ConnectionPool> pool, HttpTarget target,
                const QNetworkRequest& request, HttpRequest outgoing);
    ~DirectReply() override;

    // Takes a connection and writes the request (connect signals first: a reused connection
    // reports requestSent from here).
    void start();

    void abort() override;
    void close() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

  protected:
    qint64 readData(char* data, qint64 max_size) override;
    qint64 writeData(const char*, qint64) override { return -1; }

  private:
    void use(std::unique_ptr<QTcpSocket> socket, bool reused);
    // A shared HTTP/2 connection, an idle one, or a new one; `may_wait`: behind a probe.
    void acquire(bool may_wait);
    // A new connection; to a TLS host not known to speak only HTTP/1.1, the one others wait for.
    void connect_new(ConnectionPool& pool);
    void after_probe(std::shared_ptr<Http2Connection> http2);
    void end_probe(const std::shared_ptr<Http2Connection>& http2, bool http1_learned);
    void open_stream(std::shared_ptr<Http2Connection> connection);
    void release_stream();
    void on_http2_head(int status, std::vector<HpackHeader>& headers) override;
    void on_http2_data(std::string_view data) override;
    void on_http2_end() override;
    void on_http2_failure(const Http2StreamFailure& failure) override;
    void on_http2_request_sent() override;
    void add_header(const QByteArray& name, const QByteArray& value);
    void report_sent();
    void on_connected();
    void send_request();
    void check_sent();
    void pump();
    void feed(std::string_view bytes);
    void on_head();
    void on_end_of_input();
    void on_socket_error(QAbstractSocket::SocketError error);
    void succeed();
    void fail(NetworkError error, const QString& message);
    void fail_cancelled() {
        fail(OperationCanceledError, QStringLiteral("Operation canceled"));  // Qt's text
    }
    // The request's bytes have all left for the connection (TLS: encrypted and handed over).
    bool nothing_left_to_write() const;
    bool retry_on_fresh_connection();
    // Once per reply: the request again, on a new connection.
    bool send_again();
    void release_socket(bool reusable);
    void finish();
    qint64 unread() const { return static_cast<qint64>(body_.size() - body_read_); }

    std::weak_ptr<ConnectionPool> pool_;
    HttpTarget target_;
    HttpRequest outgoing_;
    std::unique_ptr<QTcpSocket> socket_;
    Http1ResponseParser parser_;
    std::shared_ptr<Http2Connection> http2_;
    std::uint32_t stream_id_ = 0;
    int http2_status_ = 0;
    bool over_http2_ = false;  // the current attempt is an HTTP/2 stream
    bool reused_ = false;
    bool probing_ = false;  // its connection is the one requests to the host wait for
    bool retried_ = false;
    bool sending_ = false;
    bool written_ = false;  // the request is all on the current connection's way
    bool sent_ = false;     // requestSent was emitted (once, whatever the connections)
    bool finished_ = false;
    bool eof_ = false;
    bool pump_queued_ = false;
    std::string body_;  // body bytes not yet read, from body_read_ on
    std::size_t body_read_ = 0;
    std::string scratch_;
};

// "POST /v1/chat?x=1 HTTP/1.1", Host, the request's headers in order, Content-Length, the body.
QByteArray http1_request_bytes(const QByteArray& method, const QUrl& url,
                               const std::vector<std::pair<QByteArray, QByteArray>>& headers,
                               const QByteArray& body);

// The same request's head for HTTP/2: the pseudo-headers (":authority" from a Host header if the
// request has one), then its headers with lowercase names, without those HTTP/2 forbids
// (Connection and the like), and content-length as HTTP/1.1 would send it.
std::vector<HpackHeader> http2_request_headers(
    const QByteArray& method, const QUrl& url,
    const std::vector<std::pair<QByteArray, QByteArray>>& headers, const QByteArray& body);

}  // namespace lapce_ai::providers
