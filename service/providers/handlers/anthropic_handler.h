#pragma once

// AnthropicHandler (src/api/providers/anthropic.ts): the Messages API through
// @anthropic-ai/sdk 0.37.0 with prompt caching, extended thinking, the 1M-context beta of
// Claude Sonnet 4 / 4.5 and the token-counting endpoint. Also what build_api_handler gives for
// an unknown or absent provider.

#include <memory>
#include <string>

#include "anthropic_client.h"
#include "api_handler.h"

namespace lapce_ai::providers {

class AnthropicHandler : public ApiHandler {
  public:
    AnthropicHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    // {id (":thinking" stripped), info (1M tier prices when that beta is on), betas?, ...params}
    ApiModel get_model() override;
    // POST /v1/messages/count_tokens; any failure falls back to the tiktoken estimate.
    Task<double> count_tokens(json::OrderedJson content) override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    ProviderSettings options_;
    std::unique_ptr<AnthropicClient> client_;
};

}  // namespace lapce_ai::providers
