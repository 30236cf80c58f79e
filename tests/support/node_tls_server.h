#pragma once

// The test certificate (tests/data/tls) and a Node.js HTTPS server script run with it, for tests
// of the engine's TLS and HTTP/2 against an independent implementation (node:tls, nghttp2).

#include <QByteArray>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>

#include <vector>

namespace lapce_ai::testing {

// tests/data/tls/<name>.
QString tls_test_data(const char* name);
QSslCertificate loopback_certificate();
// Qt's default TLS settings, also trusting the test certificate.
QSslConfiguration trusting_the_test_certificate();

// `node <script> --key … --cert … <arguments>`: the script prints "READY <port>" once it listens,
// "CONNECTION" per TLS connection, and other lines tests may wait for. Stops with the object
// (stdin closes). port() is 0 when node is missing or the server did not start.
class NodeTlsServer {
  public:
    explicit NodeTlsServer(const QString& script, const QStringList& arguments = {});
    ~NodeTlsServer();
    NodeTlsServer(const NodeTlsServer&) = delete;
    NodeTlsServer& operator=(const NodeTlsServer&) = delete;

    quint16 port() const { return port_; }
    QByteArray base_url() const;
    // TLS connections accepted so far (the lines read by now).
    int connections();
    // Waits up to `limit_ms` for a line starting with `prefix`; true when one came.
    bool wait_for_line(const QByteArray& prefix, int limit_ms);

  private:
    void read_lines();

    QProcess process_;
    quint16 port_ = 0;
    int connections_ = 0;
    std::vector<QByteArray> lines_;
};

}  // namespace lapce_ai::testing
