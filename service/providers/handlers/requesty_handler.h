#pragma once

// RequestyHandler (src/api/providers/requesty.ts): Requesty's router with its fetched model
// list (asked for without the key), Anthropic-format model parameters (thinking or
// reasoning_effort), the `requesty` trace metadata, and usage priced with the OpenAI formula.

#include <memory>

#include "api_handler.h"
#include "model_record.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

class RequestyHandler : public ApiHandler {
  public:
    RequestyHandler(const ProviderSettings& options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  protected:
    Task<ApiModel> fetch_model();
    ApiStreamUsage process_usage_metrics(const json::OrderedJson* usage,
                                         const ModelInfo* model_info) const;

  private:
    Task<std::unique_ptr<HttpResponse>> create_chat_completion(const json::OrderedJson& body);

    ProviderSettings options_;
    const ProviderContext& context_;
    ModelRecord models_;
    std::string base_url_;
    std::unique_ptr<StainlessClient> client_;
};

}  // namespace lapce_ai::providers
