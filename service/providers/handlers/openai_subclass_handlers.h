#pragma once

// The reference's subclasses of OpenAiHandler (deepseek.ts, moonshot.ts, doubao.ts): fixed
// defaults for the base URL, key and model, their own model tables and usage mapping. Their
// provider name stays "OpenAI", as in the reference.

#include "openai_handler.h"

namespace lapce_ai::providers {

class DeepSeekHandler : public OpenAiHandler {
  public:
    DeepSeekHandler(const ProviderSettings& options, const ProviderContext& context);
    ApiModel get_model() override;

  protected:
    ApiStreamUsage process_usage_metrics(const json::OrderedJson* usage) override;
};

class MoonshotHandler : public OpenAiHandler {
  public:
    MoonshotHandler(const ProviderSettings& options, const ProviderContext& context);
    ApiModel get_model() override;

  protected:
    ApiStreamUsage process_usage_metrics(const json::OrderedJson* usage) override;
    void add_max_tokens_if_needed(json::OrderedJson& request_options,
                                  const ModelInfo& model_info) override;
};

class DoubaoHandler : public OpenAiHandler {
  public:
    DoubaoHandler(const ProviderSettings& options, const ProviderContext& context);
    ApiModel get_model() override;

  protected:
    ApiStreamUsage process_usage_metrics(const json::OrderedJson* usage) override;
};

}  // namespace lapce_ai::providers
