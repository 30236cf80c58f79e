#pragma once

// `new Anthropic({baseURL, apiKey | authToken})` of @anthropic-ai/sdk 0.37.0 (src/index.ts) and
// the Messages calls the handlers make: the base URL and credentials fall back to
// ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN, an API key wins over an auth
// token (`X-Api-Key` before `Authorization: Bearer`), every request carries
// `anthropic-version: 2023-06-01`, and a request without usable credentials fails before it is
// sent. Requests go through StainlessClient (Flavor::Anthropic: node-fetch errors, retries).

#include <memory>
#include <optional>
#include <string>

#include "anthropic_stream.h"
#include "api_handler.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

struct AnthropicClientOptions {
    std::optional<std::string> base_url;    // undefined: ANTHROPIC_BASE_URL, then the API's
    std::optional<std::string> api_key;     // undefined: ANTHROPIC_API_KEY
    std::optional<std::string> auth_token;  // undefined: ANTHROPIC_AUTH_TOKEN
};

class AnthropicClient {
  public:
    AnthropicClient(AnthropicClientOptions options, const ProviderContext& context);

    // client.messages.create(body with stream: true, {headers}).
    Task<std::unique_ptr<AnthropicEventStream>> create_message_stream(json::OrderedJson body,
                                                                      HeaderList headers = {});
    // client.messages.create(body with stream: false): the Message object.
    Task<json::OrderedJson> create_message(json::OrderedJson body);
    // client.messages.countTokens(body): {input_tokens}.
    Task<json::OrderedJson> count_tokens(json::OrderedJson body);

  private:
    Task<std::unique_ptr<HttpResponse>> post(std::string path, json::OrderedJson body,
                                             HeaderList headers);
    // validateHeaders: throws the SDK's Error when neither credential can be sent.
    void validate_auth() const;

    std::optional<std::string> api_key_;
    std::optional<std::string> auth_token_;
    std::unique_ptr<StainlessClient> client_;
};

}  // namespace lapce_ai::providers
