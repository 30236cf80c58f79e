#pragma once

// HuggingFaceHandler (src/api/providers/huggingface.ts): Hugging Face's router
// (router.huggingface.co/v1). The key is required. The constructor takes the cached model list
// and starts fetching a fresh one without waiting for it; getModel answers from whichever
// arrived, or with fixed defaults.

#include <memory>
#include <optional>

#include "api_handler.h"
#include "model_record.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

class HuggingFaceHandler : public ApiHandler {
  public:
    HuggingFaceHandler(const ProviderSettings& options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    Task<void> fetch_models();
    std::string model_id() const;

    ProviderSettings options_;
    const ProviderContext& context_;
    std::unique_ptr<StainlessClient> client_;
    std::optional<ModelRecord> model_cache_;
    // The fetch the constructor started; destroying the handler cancels it.
    Task<void> models_fetch_;
};

}  // namespace lapce_ai::providers
