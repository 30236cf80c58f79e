#pragma once

// VercelAiGatewayHandler (src/api/providers/vercel-ai-gateway.ts): the Vercel AI Gateway with
// its fetched model list, cache markers for VERCEL_AI_GATEWAY_PROMPT_CACHING_MODELS,
// max_completion_tokens from the model, and the cost the gateway reports in usage.cost.

#include "router_provider.h"

namespace lapce_ai::providers {

class VercelAiGatewayHandler : public RouterProvider {
  public:
    VercelAiGatewayHandler(const ProviderSettings& options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    Task<std::string> complete_prompt(std::string prompt) override;
};

}  // namespace lapce_ai::providers
