#pragma once

// CerebrasHandler (src/api/providers/cerebras.ts): a raw fetch to api.cerebras.ai with string
// message contents, its own SSE line reading (malformed lines skipped), `<think>` tags as
// reasoning, an estimated usage when the stream reports none, and its own error messages, all
// wrapped as "Cerebras completion error: …".

#include <memory>
#include <optional>
#include <string>

#include "api_handler.h"

namespace lapce_ai::providers {

class CerebrasHandler : public ApiHandler {
  public:
    // Throws "Cerebras API key is required" without cerebrasApiKey.
    CerebrasHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    // From the request on: what the reference's try block wraps.
    Task<void> stream_response(const json::OrderedJson& body, const std::string& input_text,
                               std::optional<double> max_tokens, ChunkSink& sink);
    Task<std::string> fetch_completion(const std::string& prompt);
    // fetch(`${CEREBRAS_BASE_URL}/chat/completions`, {method: "POST", headers, body})
    Task<std::unique_ptr<HttpResponse>> post(const json::OrderedJson& body);

    ProviderSettings options_;
    const ProviderContext& context_;
    std::string api_key_;
};

}  // namespace lapce_ai::providers
