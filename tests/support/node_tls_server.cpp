#include "node_tls_server.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>

#include <algorithm>

#include "source_dir.h"

namespace lapce_ai::testing {

QString tls_test_data(const char* name) {
    return source_path(QStringLiteral("tests/data/tls/") + QString::fromLatin1(name));
}

QSslCertificate loopback_certificate() {
    QFile file(tls_test_data("loopback-cert.pem"));
    if (!file.open(QIODevice::ReadOnly)) qFatal("no test certificate");
    return QSslCertificate(file.readAll());
}

QSslConfiguration trusting_the_test_certificate() {
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificate(loopback_certificate());
    return tls;
}

NodeTlsServer::NodeTlsServer(const QString& script, const QStringList& arguments) {
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) return;
    process_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process_.start(node, QStringList{source_path(script), QStringLiteral("--key"),
                                     tls_test_data("loopback-key.pem"), QStringLiteral("--cert"),
                                     tls_test_data("loopback-cert.pem")} +
                             arguments);
    QDeadlineTimer deadline(15'000);
    process_.waitForStarted(5000);
    while (port_ == 0 && !deadline.hasExpired() && process_.state() == QProcess::Running) {
        process_.waitForReadyRead(100);
        read_lines();
    }
}

NodeTlsServer::~NodeTlsServer() {
    if (process_.state() == QProcess::NotRunning) return;
    process_.closeWriteChannel();
    if (!process_.waitForFinished(5000)) {
        process_.kill();
        process_.waitForFinished(5000);
    }
}

QByteArray NodeTlsServer::base_url() const {
    return "https://127.0.0.1:" + QByteArray::number(port_);
}

void NodeTlsServer::read_lines() {
    while (process_.canReadLine()) {
        const QByteArray line = process_.readLine().trimmed();
        if (line.startsWith("READY ")) port_ = line.mid(6).toUShort();
        if (line == "CONNECTION") ++connections_;
        lines_.push_back(line);
    }
}

int NodeTlsServer::connections() {
    process_.waitForReadyRead(0);
    read_lines();
    return connections_;
}

bool NodeTlsServer::wait_for_line(const QByteArray& prefix, int limit_ms) {
    const auto found = [&] {
        return std::any_of(lines_.begin(), lines_.end(),
                           [&](const QByteArray& line) { return line.startsWith(prefix); });
    };
    QDeadlineTimer deadline(limit_ms);
    read_lines();
    while (!found() && !deadline.hasExpired() && process_.state() == QProcess::Running) {
        process_.waitForReadyRead(50);
        read_lines();
    }
    return found();
}

}  // namespace lapce_ai::testing
