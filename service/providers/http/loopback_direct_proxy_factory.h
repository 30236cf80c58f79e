#pragma once

// The application's proxy choice (QNetworkProxyFactory::proxyForQuery: the system's proxy once
// QNetworkProxyFactory::setUseSystemConfiguration(true), or an application proxy), except that
// loopback hosts are always reached directly. Qt's own system factory proxies them unless
// no_proxy names them, where Qt is built without libproxy.

#include <QNetworkProxyFactory>
#include <QString>

namespace lapce_ai::providers {

// 127.0.0.0/8, ::1 (and IPv4-mapped loopback), "localhost" and names under ".localhost".
bool is_loopback_host(const QString& host);

class LoopbackDirectProxyFactory : public QNetworkProxyFactory {
  public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query) override;
};

}  // namespace lapce_ai::providers
