#include "http_lanes.h"

#include <QNetworkReply>

#include <algorithm>
#include <utility>

namespace lapce_ai::providers {

struct HttpLanes::Lane {
    std::map<std::string, int> in_flight;  // per host: replies not yet finished
    QNetworkAccessManager network;         // destroyed first, with its replies
};

HttpLanes::HttpLanes(std::function<void(QNetworkAccessManager&)> configure)
    : configure_(std::move(configure)) {}

HttpLanes::~HttpLanes() = default;

HttpLanes::Lane& HttpLanes::lane_for(const std::string& host) {
    const auto in_flight = [&](const std::unique_ptr<Lane>& lane) {
        const auto found = lane->in_flight.find(host);
        return found == lane->in_flight.end() ? 0 : found->second;
    };
    const auto is_free = [&](const std::unique_ptr<Lane>& lane) {
        return in_flight(lane) < kConnectionsPerHost;
    };
    if (!lanes_.empty() && http2_hosts_.count(host) != 0) return *lanes_.front();
    if (const auto free = std::find_if(lanes_.begin(), lanes_.end(), is_free); free != lanes_.end())
        return **free;
    if (lanes_.size() < kMaxLanes) {
        lanes_.push_back(std::make_unique<Lane>());
        if (configure_) configure_(lanes_.back()->network);
        return *lanes_.back();
    }
    return **std::min_element(lanes_.begin(), lanes_.end(), [&](const auto& a, const auto& b) {
        return in_flight(a) < in_flight(b);
    });
}

QNetworkReply* HttpLanes::send(const std::string& host,
                               const std::function<QNetworkReply*(QNetworkAccessManager&)>& send) {
    Lane& lane = lane_for(host);
    QNetworkReply* reply = send(lane.network);
    int& in_flight = lane.in_flight[host];  // map nodes stay put
    ++in_flight;
    // Released once: at the end of the exchange, or when the reply goes before it ended.
    const auto released = std::make_shared<bool>(false);
    const auto release = [&in_flight, released] {
        if (!std::exchange(*released, true)) --in_flight;
    };
    QObject::connect(reply, &QNetworkReply::finished, &lane.network, release);
    QObject::connect(reply, &QObject::destroyed, &lane.network, release);
    return reply;
}

void HttpLanes::note_http2(const std::string& host) {
    http2_hosts_.insert(host);
}

}  // namespace lapce_ai::providers
