#pragma once

// A failure below HTTP: the connection could not be made, was closed before the response was
// complete, or timed out. Each handler turns it into the error its JavaScript stack would
// throw (fetch's "fetch failed" / "terminated", the SDKs' "Connection error.", …).

#include <exception>
#include <string>

namespace lapce_ai::providers {

class TransportError : public std::exception {
  public:
    enum class Kind {
        ConnectionRefused,  // nothing listens (ECONNREFUSED)
        HostNotFound,       // ENOTFOUND
        ClosedBeforeResponse,
        ClosedMidBody,  // the response started and was cut (undici's "terminated")
        Timeout,        // the request's time limit passed before the response came
        Tls,
        Other,
    };

    TransportError(Kind kind, std::string detail, std::string host_port)
        : kind_(kind), detail_(std::move(detail)), host_port_(std::move(host_port)) {}

    Kind kind() const { return kind_; }
    // Qt's description of the failure, for logs.
    const std::string& detail() const { return detail_; }
    // "127.0.0.1:8080": what Node prints in "connect ECONNREFUSED 127.0.0.1:8080".
    const std::string& host_port() const { return host_port_; }
    const char* what() const noexcept override { return detail_.c_str(); }

  private:
    Kind kind_;
    std::string detail_;
    std::string host_port_;
};

}  // namespace lapce_ai::providers
