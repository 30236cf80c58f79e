#pragma once

// MistralHandler (src/api/providers/mistral.ts) on @mistralai/mistralai: codestral-* models go
// to mistralCodestralUrl (else https://codestral.mistral.ai), the others to
// https://api.mistral.ai; `thinking` content chunks become reasoning. SDK errors pass through
// createMessage unwrapped.

#include <memory>
#include <string>

#include "api_handler.h"
#include "mistral_client.h"

namespace lapce_ai::providers {

class MistralHandler : public ApiHandler {
  public:
    // Throws Error("Mistral API key is required") without mistralApiKey.
    MistralHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    // {id, info, maxTokens (with includeMaxTokens), temperature}
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    ProviderSettings options_;
    std::unique_ptr<MistralClient> client_;
};

}  // namespace lapce_ai::providers
