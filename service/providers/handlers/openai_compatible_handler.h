#pragma once

// BaseOpenAiCompatibleProvider (src/api/providers/base-openai-compatible-provider.ts) with the
// differences of its subclasses and of xai.ts, driven by a row of openai_compatible_table.h:
// a fixed base URL, the openai SDK with DEFAULT_HEADERS, a body of {model, max_tokens,
// temperature, system + OpenAI messages, stream, stream_options}, a usage chunk per chunk that
// carries usage.

#include <memory>
#include <string>

#include "api_handler.h"
#include "openai_compatible_table.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

class OpenAiCompatibleHandler : public ApiHandler {
  public:
    // Throws ProviderError as the reference's constructors do (a missing key).
    OpenAiCompatibleHandler(const OpenAiCompatibleProvider& provider, ProviderSettings options,
                            const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    bool takes_r1_path(const std::string& model_id) const;
    json::OrderedJson stream_body(const std::string& system_prompt,
                                  const json::OrderedJson& messages, const ApiModel& model) const;
    // client.chat.completions.create(body): wrapped by handleOpenAIError only where the
    // reference's catch can see the failure.
    Task<std::unique_ptr<HttpResponse>> create(const json::OrderedJson& body, HeaderList headers);
    ApiStreamUsage usage_of(const json::OrderedJson& usage);

    const OpenAiCompatibleProvider& provider_;
    ProviderSettings options_;
    std::string model_table_;
    std::unique_ptr<StainlessClient> client_;
};

}  // namespace lapce_ai::providers
