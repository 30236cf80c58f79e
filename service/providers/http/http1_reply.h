#pragma once

// One HTTP/1.1 exchange run by the engine itself on the calling thread, as a QNetworkReply.
//
// Why not Qt's: Qt 6.4's QNetworkAccessManager runs HTTP on a thread of its own and crosses
// between threads four times before a request body is written (start, the upload device's
// wantData / haveUploadData, requestSent), each a thread wake-up; under concurrent streams that
// put the time to get a request on the wire over a millisecond. Here the request is written to a
// kept-alive connection at once, and the response is read from the socket where it is used.
//
// The reply behaves as Qt's: metaDataChanged with the status and headers (the same attributes,
// duplicate headers joined with ", "), readyRead as the body comes, the same NetworkError codes
// for connection failures and HTTP error statuses, abort() and close(), a read buffer limit that
// stops reading from the socket (TCP then makes the server wait). A reused connection that the
// server had closed before answering is replaced once, as Qt does. When TLS negotiates HTTP/2,
// the exchange is handed to `over_http2` (Qt's HTTP/2) and this reply relays it.

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTcpSocket>

#include <functional>
#include <memory>
#include <string>

#include "http1_connection_pool.h"
#include "http1_response_parser.h"

namespace lapce_ai::providers {

class Http1Reply final : public QNetworkReply {
  public:
    // `request_bytes`: the serialized request (http1_request_bytes).
    Http1Reply(std::weak_ptr<Http1ConnectionPool> pool, Http1Target target,
               const QNetworkRequest& request, QByteArray method, QByteArray request_bytes,
               std::function<QNetworkReply*()> over_http2);
    ~Http1Reply() override;

    // Takes a connection and writes the request (connect signals first: a reused connection
    // reports requestSent from here).
    void start();

    void abort() override;
    void close() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }
    void setReadBufferSize(qint64 size) override;

  protected:
    qint64 readData(char* data, qint64 max_size) override;
    qint64 writeData(const char*, qint64) override { return -1; }

  private:
    void use(std::unique_ptr<QTcpSocket> socket, bool reused);
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
    void release_socket(bool reusable);
    void relay(QNetworkReply* inner);
    void finish();
    qint64 unread() const { return static_cast<qint64>(body_.size() - body_read_); }

    std::weak_ptr<Http1ConnectionPool> pool_;
    Http1Target target_;
    QByteArray request_bytes_;
    std::function<QNetworkReply*()> over_http2_;
    std::unique_ptr<QTcpSocket> socket_;
    QPointer<QNetworkReply> inner_;  // the HTTP/2 exchange this reply relays (its manager owns it)
    Http1ResponseParser parser_;
    bool reused_ = false;
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

}  // namespace lapce_ai::providers
