#pragma once

// OpenAiHandler (src/api/providers/openai.ts): any OpenAI-compatible Chat Completions endpoint,
// Azure OpenAI and Azure AI Inference, the o1/o3/o4 family, R1 and legacy message formats and
// `<think>` tags. DeepSeek, Moonshot and Doubao derive from it as in the reference.

#include <memory>
#include <optional>
#include <string>

#include "api_handler.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

class OpenAiHandler : public ApiHandler {
  public:
    OpenAiHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  protected:
    virtual ApiStreamUsage process_usage_metrics(const json::OrderedJson* usage);
    virtual void add_max_tokens_if_needed(json::OrderedJson& request_options,
                                          const ModelInfo& model_info);

    ProviderSettings options_;

  private:
    Task<void> handle_o3_family_message(std::string model_id, std::string system_prompt,
                                        const json::OrderedJson& messages, ChunkSink& sink);
    // client.chat.completions.create(body, options): the successful response, or the SDK's error
    // wrapped by handleOpenAIError.
    Task<std::unique_ptr<HttpResponse>> create_chat_completion(const json::OrderedJson& body,
                                                               bool azure_ai_inference);

    std::string provider_name_ = "OpenAI";
    std::unique_ptr<StainlessClient> client_;
};

// handleOpenAIError (src/api/providers/utils/openai-error-handler.ts).
ProviderError handle_openai_error(const std::exception& error, const std::string& provider_name);

// The Stainless SDK's Stream over a Chat Completions response: each parsed `data:` object until
// `[DONE]`; an `{"error": …}` object is thrown as APIError; JSON errors as SyntaxError with V8's
// message; a cut body as undici's TypeError "terminated".
class OpenAiChunkStream {
  public:
    explicit OpenAiChunkStream(std::unique_ptr<HttpResponse> response);
    ~OpenAiChunkStream();
    Task<std::optional<json::OrderedJson>> next();

  private:
    std::unique_ptr<HttpResponse> response_;
    struct Reader;
    std::unique_ptr<Reader> reader_;
    bool done_ = false;
};

// Parses a response body the way the SDK does (JSON), for non-streaming calls.
Task<json::OrderedJson> read_json_body(HttpResponse& response);

}  // namespace lapce_ai::providers
