#include "vercel_ai_gateway_handler.h"

#include "caching/vercel_ai_gateway.h"
#include "json_access.h"
#include "model_tables.h"
#include "openai_handler.h"

namespace lapce_ai::providers {

using json::OrderedJson;

VercelAiGatewayHandler::VercelAiGatewayHandler(const ProviderSettings& options,
                                               const ProviderContext& context)
    : RouterProvider(
          {options, "vercel-ai-gateway", "https://ai-gateway.vercel.sh/v1",
           options.string("vercelAiGatewayApiKey"), options.string("vercelAiGatewayModelId"),
           model_constant_string("vercelAiGatewayDefaultModelId"),
           ModelInfo(model_constant("vercelAiGatewayDefaultModelInfo"))},
          context) {}

Task<void> VercelAiGatewayHandler::create_message(std::string system_prompt, OrderedJson messages,
                                                  ApiHandlerCreateMessageMetadata /*metadata*/,
                                                  ChunkSink& sink) {
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;

    OrderedJson openai_messages = system_and_openai_messages(system_prompt, messages);
    if (model_constant_has("VERCEL_AI_GATEWAY_PROMPT_CACHING_MODELS", model_id) &&
        model.info.supports_prompt_cache())
        caching::vercel_ai_gateway::add_cache_breakpoints(system_prompt, openai_messages);

    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id));
    request.set("messages", std::move(openai_messages));
    if (supports_temperature(model_id)) {
        request.set("temperature",
                    OrderedJson::number(options_.number("modelTemperature")
                                            .value_or(model_constant_number(
                                                "VERCEL_AI_GATEWAY_DEFAULT_TEMPERATURE"))));
    }
    if (const OrderedJson* max = model.info.value("maxTokens"))
        request.set("max_completion_tokens", *max);
    request.set("stream", OrderedJson::boolean(true));

    OpenAiChunkStream stream(co_await client_->request("POST", "/chat/completions", request));
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        const OrderedJson* content = js_get(first_choice_delta(*chunk), "content");
        if (js_truthy(content))
            sink.on_chunk(ApiStreamChunk::text_chunk(
                js_string(content).value_or(json::js_to_string(*content))));
        if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage)) {
            ApiStreamUsage usage_data;
            usage_data.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
            usage_data.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
            usage_data.cache_write_tokens =
                js_truthy_number(js_get(usage, "cache_creation_input_tokens"));
            usage_data.cache_read_tokens =
                js_truthy_number(js_get(js_get(usage, "prompt_tokens_details"), "cached_tokens"));
            usage_data.total_cost = js_number(js_get(usage, "cost")).value_or(0);
            sink.on_chunk(ApiStreamChunk::usage_chunk(usage_data));
        }
    }
}

Task<std::string> VercelAiGatewayHandler::complete_prompt(std::string prompt) {
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;
    std::optional<ProviderError> failure;
    std::string text;
    try {
        OrderedJson request = js_object();
        request.set("model", OrderedJson::string(model_id));
        request.set("messages", OrderedJson::array({chat_message("user", prompt)}));
        request.set("stream", OrderedJson::boolean(false));
        if (supports_temperature(model_id)) {
            request.set("temperature",
                        OrderedJson::number(options_.number("modelTemperature")
                                                .value_or(model_constant_number(
                                                    "VERCEL_AI_GATEWAY_DEFAULT_TEMPERATURE"))));
        }
        if (const OrderedJson* max = model.info.value("maxTokens"))
            request.set("max_completion_tokens", *max);
        std::unique_ptr<HttpResponse> response =
            co_await client_->request("POST", "/chat/completions", request);
        text = first_choice_content(co_await read_json_body(*response));
    } catch (const ProviderError& error) {
        failure = prefixed_error("Vercel AI Gateway completion error: ", error);
    }
    if (failure) throw *failure;
    co_return text;
}

}  // namespace lapce_ai::providers
