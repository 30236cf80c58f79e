#pragma once

// OpenRouterHandler (src/api/providers/openrouter.ts). Before each request the model list (and,
// with openRouterSpecificProvider, the model's endpoints) is fetched from openrouter.ai through
// the model caches; the body carries OpenRouter's extensions (transforms, provider routing,
// reasoning); reasoning arrives as `delta.reasoning`; the final usage includes the cost.
// Errors of the request are "OpenRouter completion error: …"; those inside the stream reach
// the caller as the SDK or the handler's own code raised them.

#include <memory>

#include "api_handler.h"
#include "model_record.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

class OpenRouterHandler : public ApiHandler {
  public:
    OpenRouterHandler(const ProviderSettings& options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

    Task<ApiModel> fetch_model();

  protected:
    ProviderSettings options_;
    ModelRecord models_;
    ModelRecord endpoints_;

  private:
    // `provider: {order, only, allow_fallbacks: false}` unless the default provider is chosen.
    void add_provider_routing(json::OrderedJson& request) const;

    const ProviderContext& context_;
    std::unique_ptr<StainlessClient> client_;
};

}  // namespace lapce_ai::providers
