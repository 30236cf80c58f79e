// AwsBedrockHandler.createMessage: the request, the ConverseStream events, and what the
// handler makes of a failure (bedrock.ts L326-637 and L1290-1340).

#include <QString>

#include "bedrock_error_types.h"
#include "bedrock_handler.h"
#include "bedrock_sdk_errors.h"
#include "converse_stream_output.h"
#include "json_access.h"
#include "model_tables.h"
#include "reasoning_support.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// The createMessage call is aborted after 10 minutes.
constexpr std::chrono::milliseconds kStreamAbortAfter{10 * 60 * 1000};

std::string text_of(const OrderedJson* value) {
    if (value == nullptr) return "undefined";
    return value->is_string() ? value->as_string() : json::js_to_string(*value);
}

// `cbStart.contentBlockIndex && cbStart.contentBlockIndex > 0`
bool after_first_block(const OrderedJson& block_start) {
    const OrderedJson* index = block_start.find("contentBlockIndex");
    return index != nullptr && index->type() == OrderedJson::Type::Number && index->as_number() > 0;
}

// `block?.type === "thinking"`
bool is_thinking_block(const OrderedJson* block) {
    const OrderedJson* type = js_get(block, "type");
    return type != nullptr && type->is_string() && type->as_string() == "thinking";
}

ApiStreamUsage stream_usage(const OrderedJson* usage, std::string_view cache_read_key,
                            std::string_view cache_write_key) {
    ApiStreamUsage result;
    result.input_tokens = js_number_or(js_get(usage, "inputTokens"), 0);
    result.output_tokens = js_number_or(js_get(usage, "outputTokens"), 0);
    // Both naming conventions; the fields are always present, 0 when unset.
    const OrderedJson* read = js_get(usage, cache_read_key);
    result.cache_read_tokens = js_truthy(read)
                                   ? js_number_or(read, 0)
                                   : js_number_or(js_get(usage, "cacheReadInputTokenCount"), 0);
    const OrderedJson* write = js_get(usage, cache_write_key);
    result.cache_write_tokens = js_truthy(write)
                                    ? js_number_or(write, 0)
                                    : js_number_or(js_get(usage, "cacheWriteInputTokenCount"), 0);
    return result;
}

}  // namespace

ProviderError AwsBedrockHandler::enhanced_error(const ProviderError& error, std::string message) {
    ProviderError enhanced("Error", std::move(message));
    const std::string name = js_error_name(error);
    enhanced.extra = OrderedJson::object({});
    if (name != "Error") enhanced.extra.set("error_name", OrderedJson::string(name));
    if (error.status) enhanced.status = error.status;
    if (error.extra.is_object()) {
        if (const OrderedJson* metadata = error.extra.find("$metadata");
            metadata && metadata->is_object())
            enhanced.extra.set("$metadata", *metadata);
    }
    if (enhanced.extra.members().empty()) enhanced.extra = OrderedJson();
    return enhanced;
}

std::string AwsBedrockHandler::format_error_message(const ProviderError& error,
                                                    std::string_view error_type) {
    const ApiModel model_config = get_model();
    const OrderedJson* context_window = model_config.info.value("contextWindow");
    const std::vector<std::pair<std::string, std::string>> vars = {
        {"errorMessage", error.message()},
        {"errorName", js_error_name(error)},
        {"modelId", model_config.id},
        {"contextWindow", context_window && json::js_truthy(*context_window)
                              ? json::js_to_string(*context_window)
                              : std::string("unknown")},
        // The SDK's config.region is a provider function: the template sees its Promise.
        {"regionInfo", "([object Promise])"},
    };
    return format_bedrock_error_message(error_type, vars);
}

std::string AwsBedrockHandler::bedrock_completion_error(const ProviderError& error) {
    return "Bedrock completion error: " +
           format_error_message(error, get_bedrock_error_type(error));
}

void AwsBedrockHandler::handle_stream_event(const OrderedJson& stream_event,
                                            const ApiModel& model_config, ChunkSink& sink) {
    // Usage first.
    if (const OrderedJson* usage = js_get(js_get(&stream_event, "metadata"), "usage");
        js_truthy(usage)) {
        sink.on_chunk(ApiStreamChunk::usage_chunk(
            stream_usage(usage, "cacheReadInputTokens", "cacheWriteInputTokens")));
        return;
    }

    // A prompt router names the model it picked: its info (pricing, context window, caching)
    // applies from now on, under the router's id.
    const OrderedJson* router = js_get(js_get(&stream_event, "trace"), "promptRouter");
    if (const OrderedJson* invoked = js_get(router, "invokedModelId"); js_truthy(invoked)) {
        try {
            const BedrockArnInfo invoked_arn = parse_bedrock_arn(text_of(invoked));
            ApiModel invoked_model = get_model_by_id(invoked_arn.model_id, invoked_arn.model_type);
            cost_model_id_ = model_config.id;
            cost_model_info_ = invoked_model.info;
            if (const OrderedJson* router_usage = js_get(router, "usage"); js_truthy(router_usage))
                sink.on_chunk(ApiStreamChunk::usage_chunk(
                    stream_usage(router_usage, "cacheReadTokens", "cacheWriteTokens")));
        } catch (const ProviderError&) {
            // Logged by the reference ("Error handling Bedrock invokedModelId") and skipped.
        }
        return;
    }

    if (js_truthy(js_get(&stream_event, "messageStart"))) return;

    if (const OrderedJson* start = js_get(&stream_event, "contentBlockStart"); js_truthy(start)) {
        const OrderedJson* content_block = js_get(start, "contentBlock");
        const OrderedJson* alternative_block = js_get(start, "content_block");
        if (const OrderedJson* reasoning = js_get(content_block, "reasoningContent");
            js_truthy(reasoning)) {
            if (after_first_block(*start)) sink.on_chunk(ApiStreamChunk::reasoning_chunk("\n"));
            const OrderedJson* text = js_get(reasoning, "text");
            sink.on_chunk(ApiStreamChunk::reasoning_chunk(js_truthy(text) ? text_of(text) : ""));
        } else if (is_thinking_block(content_block) || is_thinking_block(alternative_block)) {
            const OrderedJson* block = js_truthy(content_block) ? content_block : alternative_block;
            if (after_first_block(*start)) sink.on_chunk(ApiStreamChunk::reasoning_chunk("\n"));
            if (const OrderedJson* thinking = js_get(block, "thinking"); js_truthy(thinking))
                sink.on_chunk(ApiStreamChunk::reasoning_chunk(text_of(thinking)));
        } else if (const OrderedJson* text = js_get(js_get(start, "start"), "text");
                   js_truthy(text)) {
            sink.on_chunk(ApiStreamChunk::text_chunk(text_of(text)));
        }
        return;
    }

    if (const OrderedJson* block_delta = js_get(&stream_event, "contentBlockDelta");
        js_truthy(block_delta)) {
        const OrderedJson* delta = js_get(block_delta, "delta");
        if (!js_truthy(delta)) return;
        if (const OrderedJson* text = js_get(js_get(delta, "reasoningContent"), "text");
            js_truthy(text)) {
            sink.on_chunk(ApiStreamChunk::reasoning_chunk(text_of(text)));
            return;
        }
        const OrderedJson* type = js_get(delta, "type");
        const OrderedJson* thinking = js_get(delta, "thinking");
        if (type && type->is_string() && type->as_string() == "thinking_delta" &&
            js_truthy(thinking)) {
            sink.on_chunk(ApiStreamChunk::reasoning_chunk(text_of(thinking)));
        } else if (const OrderedJson* text = js_get(delta, "text"); js_truthy(text)) {
            sink.on_chunk(ApiStreamChunk::text_chunk(text_of(text)));
        }
    }
}

Task<void> AwsBedrockHandler::create_message(std::string system_prompt, OrderedJson messages,
                                             ApiHandlerCreateMessageMetadata /*metadata*/,
                                             ChunkSink& sink) {
    const ApiModel model_config = get_model();
    const bool use_prompt_cache =
        options_.truthy("awsUsePromptCache") && supports_aws_prompt_cache(model_config);

    std::string conversation_id = "default_conversation";
    if (!messages.items().empty()) {
        const OrderedJson& first = messages.items().front();
        const OrderedJson* content = js_get(&first, "content");
        conversation_id = "conv_" + text_of(js_get(&first, "role")) + "_" +
                          (content && content->is_string()
                               ? QString::fromStdString(content->as_string()).left(20).toStdString()
                               : std::string("complex_content"));
    }
    const ConverseMessages formatted = convert_to_converse_messages(
        messages, system_prompt, use_prompt_cache, model_config.info, conversation_id);

    // Extended thinking, from the settings (the metadata's explicit `thinking` is not part of
    // this service's createMessage metadata).
    OrderedJson additional_model_request_fields;
    bool thinking_enabled = false;
    const bool thinking_enabled_by_settings =
        should_use_reasoning_budget(model_config.info, options_) &&
        !model_config.params->reasoning.is_null() && model_config.params->reasoning_budget &&
        *model_config.params->reasoning_budget != 0;
    if (thinking_enabled_by_settings && model_config.info.flag("supportsReasoningBudget")) {
        thinking_enabled = true;
        const double budget = model_config.params->reasoning_budget.value_or(0) != 0
                                  ? *model_config.params->reasoning_budget
                                  : 4096;
        additional_model_request_fields = OrderedJson::object(
            {{"thinking", OrderedJson::object({{"type", OrderedJson::string("enabled")},
                                               {"budget_tokens", OrderedJson::number(budget)}})}});
    }

    if (model_constant_has("BEDROCK_1M_CONTEXT_MODEL_IDS", parse_base_model_id(model_config.id)) &&
        options_.truthy("awsBedrock1MContext")) {
        if (additional_model_request_fields.is_null())
            additional_model_request_fields = OrderedJson::object({});
        additional_model_request_fields.set(
            "anthropic_beta", OrderedJson::array({OrderedJson::string("context-1m-2025-08-07")}));
    }

    OrderedJson payload = OrderedJson::object({});
    payload.set("modelId", OrderedJson::string(model_config.id));
    payload.set("messages", formatted.messages);
    payload.set("system", formatted.system);
    payload.set("inferenceConfig", inference_config(model_config));
    if (!additional_model_request_fields.is_null())
        payload.set("additionalModelRequestFields", additional_model_request_fields);
    // Not a Converse member: the SDK's serializer leaves it out.
    if (thinking_enabled)
        payload.set("anthropic_version", OrderedJson::string("bedrock-2023-05-31"));

    std::optional<ProviderError> failure;
    try {
        ConverseStreamOutput stream(co_await client_->converse_stream(payload, kStreamAbortAfter));
        while (std::optional<OrderedJson> event = co_await stream.next())
            handle_stream_event(*event, model_config, sink);
    } catch (const ProviderError& error) {
        failure = error;
    } catch (const std::exception& error) {
        failure = ProviderError("Error", error.what());
    }
    if (!failure) co_return;

    // Throttling errors go up as they are, so that the task's retry sees them at once.
    const std::string_view error_type = get_bedrock_error_type(*failure);
    if (error_type == "THROTTLING") throw *failure;

    const std::string message = format_error_message(*failure, error_type);
    sink.on_chunk(ApiStreamChunk::text_chunk("Error: " + message));
    sink.on_chunk(ApiStreamChunk::usage_chunk(ApiStreamUsage{}));
    throw enhanced_error(*failure, message);
}

}  // namespace lapce_ai::providers
