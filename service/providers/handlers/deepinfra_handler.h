#pragma once

// DeepInfraHandler (src/api/providers/deepinfra.ts): DeepInfra's OpenAI endpoint with its own
// identification headers (they replace openAiHeaders), OpenAI-format model parameters,
// prompt_cache_key = task id for caching models, reasoning_content, and usage priced with the
// OpenAI formula.

#include "router_provider.h"

namespace lapce_ai::providers {

class DeepInfraHandler : public RouterProvider {
  public:
    DeepInfraHandler(const ProviderSettings& options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    ApiStreamUsage process_usage_metrics(const json::OrderedJson* usage,
                                         const ModelInfo* model_info) const;
    void add_max_completion_tokens(json::OrderedJson& request, const ModelInfo& info) const;
};

}  // namespace lapce_ai::providers
