#pragma once

// RouterProvider (src/api/providers/router-provider.ts): the base of the OpenAI-compatible
// routers whose model lists are fetched (Glama, Unbound, LiteLLM, DeepInfra, Vercel AI
// Gateway). It owns the openai SDK client (DEFAULT_HEADERS + openAiHeaders), fetches the list
// through getModels and answers getModel from it, falling back to the router's default model.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api_handler.h"
#include "model_record.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

struct RouterProviderOptions {
    ProviderSettings options;
    std::string name;  // RouterName
    std::string base_url;
    std::optional<std::string> api_key;  // "not-provided" when undefined
    std::optional<std::string> model_id;
    std::string default_model_id;
    ModelInfo default_model_info;
};

class RouterProvider : public ApiHandler {
  public:
    ApiModel get_model() override;

  protected:
    RouterProvider(RouterProviderOptions options, const ProviderContext& context);

    // getModels({ provider: name, apiKey, baseUrl }), then getModel().
    virtual Task<ApiModel> fetch_model();
    bool supports_temperature(std::string_view model_id) const;

    ProviderSettings options_;
    std::string name_;
    ModelRecord models_;
    std::optional<std::string> model_id_;
    std::string default_model_id_;
    ModelInfo default_model_info_;
    std::string api_key_;
    std::string base_url_;
    const ProviderContext& context_;
    std::unique_ptr<StainlessClient> client_;
};

// new OpenAI({ baseURL, apiKey, defaultHeaders }) without a custom timeout (the SDK's ten
// minutes), the headers applied in order over the SDK's own.
std::unique_ptr<StainlessClient> make_openai_sdk_client(std::string base_url,
                                                        const std::string& api_key,
                                                        HeaderList default_headers,
                                                        HttpClient& http);

// `{ ...DEFAULT_HEADERS, ...(options.openAiHeaders || {}) }`
HeaderList default_headers_with(const ProviderSettings& options);

// `chunk.choices[0]?.delta` of a Chat Completions chunk (nullptr when undefined).
const json::OrderedJson* first_choice_delta(const json::OrderedJson& chunk);

// `response.choices[0]?.message.content || ""` of a non-streaming response.
std::string first_choice_content(const json::OrderedJson& response);

// {role, content: text}
json::OrderedJson chat_message(std::string_view role, std::string text);

// [{ role: "system", content: systemPrompt }, ...convertToOpenAiMessages(messages)]
json::OrderedJson system_and_openai_messages(const std::string& system_prompt,
                                             const json::OrderedJson& messages);

// A fresh ProviderError with the message prefixed, as `new Error(`<prefix>${error.message}`)`.
ProviderError prefixed_error(const std::string& prefix, const ProviderError& error);

}  // namespace lapce_ai::providers
