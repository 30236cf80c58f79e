#pragma once

// The request engine shared by the two Stainless-generated SDKs the reference uses, openai
// 5.12.2 and @anthropic-ai/sdk 0.37.0: URL building, headers, the time limit, and the retries
// (two by default, on 408 / 409 / 429 / 5xx and on connection failures, honouring
// `x-should-retry`, `retry-after-ms` and `retry-after`, else 0.5·2ⁿ s up to 8 s with up to 25 %
// jitter). A final failure becomes the SDK's error (APIError subclasses, APIConnectionError).
// The openai SDK runs on undici (Node's fetch), the Anthropic one on node-fetch: the flavor picks
// the fetch whose errors a connection failure carries, and the Anthropic SDK's pretty-printed
// request bodies.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http_client.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "task.h"

namespace lapce_ai::providers {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct StainlessClientOptions {
    enum class Flavor { OpenAi, Anthropic };
    Flavor flavor = Flavor::OpenAi;
    std::string base_url;
    HeaderList auth_headers;     // Authorization / x-api-key / api-key
    HeaderList default_headers;  // the SDK's own and the caller's defaultHeaders, in order
    HeaderList default_query;
    std::chrono::milliseconds timeout{600'000};
    int max_retries = 2;
    // AzureOpenAI: deployment endpoints go to /deployments/<model><path> unless the base URL
    // already names a deployment.
    bool azure_deployments = false;
};

class StainlessClient {
  public:
    StainlessClient(StainlessClientOptions options, HttpClient& http);

    // Sends `method path` (relative to the base URL) with a JSON body (null: none) and returns a
    // successful (2xx) response with its body unread. Throws the SDK's error otherwise.
    Task<std::unique_ptr<HttpResponse>> request(std::string method, std::string path,
                                                json::OrderedJson body,
                                                HeaderList extra_headers = {});

    // APIError.generate for a failed response: the subclass name by status, and the message
    // makeMessage builds ("401 Incorrect API key…").
    ProviderError status_error(int status, const std::string& body_text) const;
    // APIError raised from inside a stream ({"error": …} data): message from the error object.
    static ProviderError stream_error(const json::OrderedJson& error);

    const StainlessClientOptions& options() const { return options_; }
    std::string build_url(const std::string& path) const;

  private:
    std::chrono::milliseconds retry_delay(const HttpResponse* failed, int retries_remaining) const;

    StainlessClientOptions options_;
    HttpClient& http_;
};

}  // namespace lapce_ai::providers
