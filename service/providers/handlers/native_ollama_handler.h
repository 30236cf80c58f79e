#pragma once

// NativeOllamaHandler (src/api/providers/native-ollama.ts): Ollama's own API through the
// ollama-js client. Each call first reads the installed models (/api/tags, /api/show), then
// streams /api/chat as NDJSON; `<think>` sections become reasoning, the last message's
// prompt_eval_count / eval_count the usage.

#include <memory>
#include <string>

#include "api_handler.h"
#include "ollama_client.h"

namespace lapce_ai::providers {

class NativeOllamaHandler : public ApiHandler {
  public:
    NativeOllamaHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    OllamaClient& ensure_client();
    Task<ApiModel> fetch_model();
    // {temperature (modelTemperature, else 0.6 for deepseek-r1 and 0), num_ctx?}
    json::OrderedJson chat_options(const std::string& model_id) const;
    Task<void> stream_chat(OllamaClient& client, const std::string& model_id,
                           json::OrderedJson ollama_messages, ChunkSink& sink);

    ProviderSettings options_;
    const ProviderContext& context_;
    std::unique_ptr<OllamaClient> client_;
    json::OrderedJson models_ = json::OrderedJson::object({});
};

}  // namespace lapce_ai::providers
