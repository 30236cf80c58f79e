#pragma once

// The part of BedrockRuntimeClient (@aws-sdk/client-bedrock-runtime 3.848.0) the Bedrock
// handler uses: ConverseStream and Converse requests built and signed as the SDK does them
// (SigV4 over the SDK's header set, or an API key as a bearer token), its standard retry
// strategy (3 attempts, throttling and transient errors, random exponential backoff, a retry
// budget per client), clock-skew correction, and its error shapes (bedrock_sdk_errors.h).
//
// Transport: the SDK talks HTTP/2 (NodeHttp2Handler) and signs the `:authority` pseudo-header;
// HttpClient negotiates HTTP/2 over TLS where the server offers it and talks HTTP/1.1 to http://
// URLs, where the same `:authority` value is sent as `Host`. The signature is the SDK's either
// way.

#include <QByteArray>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api_handler.h"
#include "aws_credentials.h"
#include "http_response.h"
#include "ordered_json.h"
#include "task.h"

namespace lapce_ai::providers {

struct BedrockRuntimeClientConfig {
    std::optional<std::string> region;
    std::optional<std::string> endpoint;  // replaces https://bedrock-runtime.<region>.amazonaws.com
    BedrockAuth auth;
};

class BedrockRuntimeClient {
  public:
    BedrockRuntimeClient(BedrockRuntimeClientConfig config, const ProviderContext& context);

    // send(new ConverseStreamCommand(input)): the successful response, whose body is the event
    // stream. `abort_after`: the caller's abort timer (zero: none).
    Task<std::unique_ptr<HttpResponse>> converse_stream(const json::OrderedJson& input,
                                                        std::chrono::milliseconds abort_after);
    // send(new ConverseCommand(input)): the deserialized output.
    Task<json::OrderedJson> converse(const json::OrderedJson& input);

    // config.region(): the configured region, else AWS_REGION; nullopt when neither is set.
    std::optional<std::string> region() const;

  private:
    Task<std::unique_ptr<HttpResponse>> send(std::string_view operation,
                                             const json::OrderedJson& input,
                                             std::chrono::milliseconds abort_after);
    QDateTime signing_date() const;
    void update_clock_offset(const std::optional<QByteArray>& date_header);

    BedrockRuntimeClientConfig config_;
    const ProviderContext& context_;
    std::string user_agent_;
    double retry_capacity_;       // StandardRetryStrategy.capacity
    qint64 clock_offset_ms_ = 0;  // config.systemClockOffset
    int last_attempts_ = 0;       // attempts the last successful response took
};

// The JSON body of ConverseStream / Converse for a command input (the SDK's `take` order:
// additionalModelRequestFields, …, inferenceConfig, messages, …, system, toolConfig; members
// that are not part of the request, such as modelId or anthropic_version, are left out).
QByteArray serialize_converse_input(const json::OrderedJson& input);

}  // namespace lapce_ai::providers
