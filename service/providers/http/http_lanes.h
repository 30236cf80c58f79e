#pragma once

// Qt 6.4 opens at most six HTTP/1.1 connections per host in one QNetworkAccessManager and queues
// further requests until one is free, so a seventh concurrent stream to a local server would wait
// for a whole stream to end; the reference's Node clients open as many connections as they need.
// The lanes are managers of one thread, each with its own connection pool: a request to a host
// goes to the first lane with a free connection for it, and a lane is added when none has one (at
// most kMaxLanes). A host seen to answer over HTTP/2 stays on the first lane, where one
// connection carries every stream.

#include <QNetworkAccessManager>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lapce_ai::providers {

class HttpLanes {
  public:
    static constexpr int kConnectionsPerHost = 6;  // Qt 6.4's HTTP/1.1 channels per host
    static constexpr std::size_t kMaxLanes = 8;

    // `configure` prepares each new manager (proxy factory, redirect policy).
    explicit HttpLanes(std::function<void(QNetworkAccessManager&)> configure);
    ~HttpLanes();
    HttpLanes(const HttpLanes&) = delete;
    HttpLanes& operator=(const HttpLanes&) = delete;

    // Sends through the lane chosen for `host` (`send` makes the reply with that lane's manager);
    // the reply holds its place on the lane until it finishes or is destroyed.
    QNetworkReply* send(const std::string& host,
                        const std::function<QNetworkReply*(QNetworkAccessManager&)>& send);

    // The host answered over HTTP/2: its later requests all take the first lane.
    void note_http2(const std::string& host);

    std::size_t lane_count() const { return lanes_.size(); }

  private:
    struct Lane;
    Lane& lane_for(const std::string& host);

    std::function<void(QNetworkAccessManager&)> configure_;
    std::vector<std::unique_ptr<Lane>> lanes_;
    std::set<std::string> http2_hosts_;
};

}  // namespace lapce_ai::providers
