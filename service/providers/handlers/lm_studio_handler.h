#pragma once

// LmStudioHandler (src/api/providers/lm-studio.ts): LM Studio's OpenAI-compatible server at
// {lmStudioBaseUrl}/v1 with the placeholder key "noop", no stream_options, an optional
// speculative-decoding `draft_model`, `<think>` tags as reasoning, and usage counted locally
// with tiktoken. Every failure becomes the fixed "Please check the LM Studio developer logs…".

#include <memory>
#include <string>

#include "api_handler.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

class LmStudioHandler : public ApiHandler {
  public:
    LmStudioHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    // {model, messages, temperature, stream, draft_model?}
    json::OrderedJson request_params(json::OrderedJson messages, bool stream);

    ProviderSettings options_;
    std::unique_ptr<StainlessClient> client_;
};

}  // namespace lapce_ai::providers
