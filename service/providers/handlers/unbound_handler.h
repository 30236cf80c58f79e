#pragma once

// UnboundHandler (src/api/providers/unbound.ts): Unbound's gateway with the model id's part
// after the provider prefix, unbound_metadata (origin app, task and mode), Gemini or Anthropic
// cache markers for models that cache, and a usage chunk for every usage object.

#include "router_provider.h"

namespace lapce_ai::providers {

class UnboundHandler : public RouterProvider {
  public:
    UnboundHandler(const ProviderSettings& options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    Task<std::string> complete_prompt(std::string prompt) override;
};

}  // namespace lapce_ai::providers
