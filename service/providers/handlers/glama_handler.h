#pragma once

// GlamaHandler (src/api/providers/glama.ts): Glama's OpenAI-compatible gateway, Anthropic cache
// markers for anthropic/claude-3*, the X-Glama-Metadata header, and the usage and cost read
// after the stream from /completion-requests/<x-completion-request-id> (up to ten tries,
// 200 ms apart).

#include "router_provider.h"

namespace lapce_ai::providers {

class GlamaHandler : public RouterProvider {
  public:
    GlamaHandler(const ProviderSettings& options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    Task<void> report_completion_usage(std::string completion_request_id, ChunkSink& sink);
};

}  // namespace lapce_ai::providers
