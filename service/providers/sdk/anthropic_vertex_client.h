#pragma once

// `new AnthropicVertex({projectId, region, googleAuth})` of @anthropic-ai/vertex-sdk 0.7.0 over
// the @anthropic-ai/sdk 0.37.0 core: the base URL is ANTHROPIC_VERTEX_BASE_URL or
// https://<region>-aiplatform.googleapis.com/v1, every request carries GoogleAuth's headers (an
// OAuth bearer token), the body gets `anthropic_version: vertex-2023-10-16`, and a Messages call
// goes to /projects/<p>/locations/<r>/publishers/anthropic/models/<model>:(stream)RawPredict with
// the model left out of the body. No `anthropic-version` header and no API key.

#include <memory>
#include <optional>
#include <string>

#include "anthropic_stream.h"
#include "api_handler.h"
#include "google_auth_client.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

struct AnthropicVertexClientOptions {
    std::optional<std::string> project_id;  // undefined: ANTHROPIC_VERTEX_PROJECT_ID
    std::optional<std::string> region;      // undefined: CLOUD_ML_REGION
    GoogleAuthOptions google_auth;
};

class AnthropicVertexClient {
  public:
    // Throws the SDK's Error when no region is given.
    AnthropicVertexClient(AnthropicVertexClientOptions options, const ProviderContext& context);

    // client.messages.create(body with stream: true).
    Task<std::unique_ptr<AnthropicEventStream>> create_message_stream(json::OrderedJson body);
    // client.messages.create(body with stream: false): the Message object.
    Task<json::OrderedJson> create_message(json::OrderedJson body);

  private:
    // prepareOptions + buildRequest for `post /v1/messages`.
    Task<std::unique_ptr<HttpResponse>> post_messages(json::OrderedJson body, std::string& path);

    std::string region_;
    std::optional<std::string> project_id_;
    std::unique_ptr<GoogleAuthClient> auth_;
    std::unique_ptr<StainlessClient> client_;
};

}  // namespace lapce_ai::providers
