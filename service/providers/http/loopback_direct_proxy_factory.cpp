#include "loopback_direct_proxy_factory.h"

#include <QHostAddress>
#include <QUrl>

namespace lapce_ai::providers {

bool is_loopback_host(const QString& host) {
    QString name = host;
    if (name.endsWith(QLatin1Char('.'))) name.chop(1);
    if (QHostAddress address; address.setAddress(name)) {
        bool mapped = false;
        const quint32 ipv4 = address.toIPv4Address(&mapped);
        return address.isLoopback() || (mapped && (ipv4 >> 24) == 127);
    }
    return name.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           name.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive);
}

namespace {

bool is_direct(const QList<QNetworkProxy>& proxies) {
    return !proxies.isEmpty() && proxies.first().type() == QNetworkProxy::NoProxy;
}

// Qt 6.4 reads a plain-HTTP reply through an unbuffered socket when no proxy is named, one system
// call per byte of every chunk-size line. Naming DefaultProxy instead gives a buffered socket,
// which then asks the application's factory how to reach the host: only when that answer is
// direct too is the connection the same one.
bool socket_would_connect_directly(const QNetworkProxyQuery& query) {
    const QNetworkProxyQuery socket_query(query.peerHostName(), query.url().port(80), QString(),
                                          QNetworkProxyQuery::TcpSocket);
    return is_direct(QNetworkProxyFactory::proxyForQuery(socket_query));
}

}  // namespace

QList<QNetworkProxy> LoopbackDirectProxyFactory::queryProxy(const QNetworkProxyQuery& query) {
    const bool loopback = is_loopback_host(query.peerHostName());
    QList<QNetworkProxy> proxies = loopback ? QList<QNetworkProxy>{QNetworkProxy::NoProxy}
                                            : QNetworkProxyFactory::proxyForQuery(query);
    if (is_direct(proxies) && query.queryType() == QNetworkProxyQuery::UrlRequest &&
        query.url().scheme() == QLatin1String("http") && socket_would_connect_directly(query)) {
        proxies.first() = QNetworkProxy(QNetworkProxy::DefaultProxy);
    }
    return proxies;
}

}  // namespace lapce_ai::providers
