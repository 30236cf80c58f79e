#pragma once

// LiteLLMHandler (src/api/providers/lite-llm.ts): a LiteLLM proxy with its /v1/model/info
// list, optional prompt-cache markers (litellmUsePromptCache), max_completion_tokens for GPT-5
// models and max_tokens otherwise, and usage priced with the OpenAI formula. Errors of the
// request and stream are reported as "LiteLLM streaming error: …".

#include "router_provider.h"

namespace lapce_ai::providers {

class LiteLlmHandler : public RouterProvider {
  public:
    LiteLlmHandler(const ProviderSettings& options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    Task<void> stream_completion(json::OrderedJson request, const ModelInfo& info, ChunkSink& sink);
};

// /\bgpt-?5(?!\d)/i: gpt-5, gpt5 and variants such as gpt-5o or gpt-5.1, not gpt-50.
bool is_gpt5_model_id(std::string_view model_id);

}  // namespace lapce_ai::providers
