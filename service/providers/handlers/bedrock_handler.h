#pragma once

// AwsBedrockHandler (src/api/providers/bedrock.ts): Amazon Bedrock's Converse API through the
// AWS SDK — model ids, custom ARNs and cross-region inference profiles, prompt-cache points
// (MultiPointStrategy), extended thinking, the event stream's text / reasoning / usage, and the
// handler's error taxonomy (bedrock_error_types.h). The SDK's part is BedrockRuntimeClient.
//
// Files: bedrock_handler.cpp (construction, models, requests, completePrompt),
// bedrock_handler_stream.cpp (createMessage's stream and its errors).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api_handler.h"
#include "bedrock_model_ids.h"
#include "bedrock_runtime_client.h"
#include "cache_strategy/multi_point_strategy.h"
#include "provider_error.h"

namespace lapce_ai::providers {

class AwsBedrockHandler : public ApiHandler {
  public:
    // Throws Error("INVALID_ARN_FORMAT:…") for a custom ARN that does not parse.
    AwsBedrockHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

    // getModelById: the table's model (its info copied), the default prompt router for a router
    // ARN, else the default model with info guessed from the id; user overrides of maxTokens
    // and contextWindow applied.
    ApiModel get_model_by_id(const std::optional<std::string>& model_id,
                             const std::optional<std::string>& model_type = std::nullopt) const;

  private:
    struct ConverseMessages {
        json::OrderedJson system;    // SystemContentBlock[]
        json::OrderedJson messages;  // Message[]
    };
    // convertToBedrockConverseMessages: the shared converter, plus cache points when asked.
    ConverseMessages convert_to_converse_messages(
        const json::OrderedJson& anthropic_messages,
        const std::optional<std::string>& system_message, bool use_prompt_cache,
        const ModelInfo& model_info, const std::optional<std::string>& conversation_id);
    bool supports_aws_prompt_cache(const ApiModel& model_config) const;
    // {maxTokens, temperature} of the request.
    json::OrderedJson inference_config(const ApiModel& model_config) const;

    void handle_stream_event(const json::OrderedJson& stream_event, const ApiModel& model_config,
                             ChunkSink& sink);
    std::string format_error_message(const ProviderError& error, std::string_view error_type);
    // handleBedrockError's text for completePrompt.
    std::string bedrock_completion_error(const ProviderError& error);
    // The Error the handler throws after a failure: the formatted message with the original's
    // name, status and $metadata.
    static ProviderError enhanced_error(const ProviderError& error, std::string message);

    ProviderSettings options_;
    const ProviderContext& context_;
    BedrockArnInfo arn_info_;
    // costModelConfig: the model the handler settled on (or the prompt router's pick).
    std::string cost_model_id_;
    ModelInfo cost_model_info_;
    std::map<std::string, std::vector<CachePointPlacement>> previous_cache_point_placements_;
    std::unique_ptr<BedrockRuntimeClient> client_;
};

}  // namespace lapce_ai::providers
