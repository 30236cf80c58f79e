#pragma once

// OpenAiNativeHandler (src/api/providers/openai-native.ts): OpenAI's Responses API for every
// model, through the openai SDK (POST {base}/responses) with conversation continuity by
// `previous_response_id`, and the reference's raw fetch fallback when the SDK call fails.

#include <memory>
#include <optional>
#include <string>

#include "api_handler.h"
#include "openai_native_events.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

class OpenAiNativeHandler : public ApiHandler, private ResponsesEventHost {
  public:
    OpenAiNativeHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

    // The last response id seen in a stream (continuity for the next request).
    const std::optional<std::string>& get_last_response_id() const { return last_response_id_; }
    void set_response_id(std::string response_id) { last_response_id_ = std::move(response_id); }

  private:
    struct StructuredInput {
        json::OrderedJson formatted_input;
        std::optional<std::string> previous_response_id;
    };

    // The reference's `responseIdPromise`: created per request, settled by the first response id
    // (or undefined) that request reports.
    struct ResponseIdPromise {
        bool settled = false;
        std::optional<std::string> value;
    };

    void resolve_response_id(std::optional<std::string> response_id) override;
    void set_last_service_tier(std::string service_tier) override;
    std::optional<ApiStreamUsage> normalize_usage(const json::OrderedJson* usage,
                                                  const ApiModel& model) override;

    std::optional<std::string> get_reasoning_effort(const ApiModel& model) const;
    std::optional<std::string> allowed_service_tier(const ModelInfo& info) const;
    json::OrderedJson reasoning_param(const std::string& effort) const;
    double default_temperature(const std::string& model_id) const;
    StructuredInput prepare_structured_input(const std::string& system_prompt,
                                             const json::OrderedJson& messages,
                                             const ApiHandlerCreateMessageMetadata* metadata) const;
    // The body again without `previous_response_id`, with the whole conversation as input
    // (when there is a system prompt, as the reference checks).
    json::OrderedJson retry_body_without_previous_response(const json::OrderedJson& request_body,
                                                           const std::string& system_prompt,
                                                           const json::OrderedJson& messages) const;
    json::OrderedJson build_request_body(const ApiModel& model, json::OrderedJson formatted_input,
                                         const std::optional<std::string>& previous_response_id,
                                         const std::string& system_prompt,
                                         const std::optional<std::string>& reasoning_effort,
                                         const ApiHandlerCreateMessageMetadata& metadata) const;

    Task<void> execute_request(json::OrderedJson request_body, const ApiModel& model,
                               const std::string& system_prompt, const json::OrderedJson& messages,
                               ChunkSink& sink);
    // responses.create(body) and the iteration of its stream through processEvent; nullopt on
    // success, else the SDK's error.
    Task<std::optional<ProviderError>> stream_with_sdk(const json::OrderedJson& request_body,
                                                       const ApiModel& model, ChunkSink& sink);
    // makeGpt5ResponsesAPIRequest: the raw fetch fallback (openai_native_fallback.cpp).
    Task<void> make_gpt5_responses_api_request(json::OrderedJson request_body,
                                               const ApiModel& model,
                                               const std::string& system_prompt,
                                               const json::OrderedJson& messages, ChunkSink& sink);
    Task<void> fetch_and_stream(const json::OrderedJson& request_body, const ApiModel& model,
                                const std::string& system_prompt, const json::OrderedJson& messages,
                                ChunkSink& sink);
    Task<std::unique_ptr<HttpResponse>> post_responses(const std::string& url,
                                                       const json::OrderedJson& body);

    ProviderSettings options_;
    const ProviderContext& context_;
    std::unique_ptr<StainlessClient> client_;
    std::optional<std::string> last_response_id_;
    std::optional<ResponseIdPromise> response_id_promise_;
    // Resolved service tier from the Responses API (the tier OpenAI actually used).
    std::optional<std::string> last_service_tier_;
};

}  // namespace lapce_ai::providers
