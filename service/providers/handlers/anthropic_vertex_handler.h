#pragma once

// AnthropicVertexHandler (src/api/providers/anthropic-vertex.ts): Claude on Vertex AI through
// @anthropic-ai/vertex-sdk (service-account JSON, key file or Application Default Credentials),
// with Vertex's prompt-cache breakpoints and the Vertex model table. Unlike AnthropicHandler it
// yields no cost chunk.

#include <memory>
#include <string>

#include "anthropic_vertex_client.h"
#include "api_handler.h"

namespace lapce_ai::providers {

class AnthropicVertexHandler : public ApiHandler {
  public:
    AnthropicVertexHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    // {id (":thinking" removed), info, ...params}
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    ProviderSettings options_;
    std::unique_ptr<AnthropicVertexClient> client_;
};

}  // namespace lapce_ai::providers
