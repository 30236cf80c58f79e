#include "loopback_direct_proxy_factory.h"

#include <QHostAddress>

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

QList<QNetworkProxy> LoopbackDirectProxyFactory::queryProxy(const QNetworkProxyQuery& query) {
    if (is_loopback_host(query.peerHostName())) return {QNetworkProxy::NoProxy};
    return QNetworkProxyFactory::proxyForQuery(query);
}

}  // namespace lapce_ai::providers
