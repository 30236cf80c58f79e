#include "deepinfra_handler.h"

#include "cost.h"
#include "json_access.h"
#include "model_params.h"
#include "model_tables.h"
#include "openai_handler.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// `{ ...options, openAiHeaders: { X-Deepinfra-Source, X-Deepinfra-Version } }`
ProviderSettings with_deep_infra_headers(ProviderSettings options) {
    OrderedJson headers = js_object();
    headers.set("X-Deepinfra-Source", OrderedJson::string("roo-code"));
    headers.set("X-Deepinfra-Version", OrderedJson::string("2025-08-25"));
    options.set("openAiHeaders", std::move(headers));
    return options;
}

}  // namespace

DeepInfraHandler::DeepInfraHandler(const ProviderSettings& options, const ProviderContext& context)
    : RouterProvider(
          {with_deep_infra_headers(options), "deepinfra",
           options.truthy("deepInfraBaseUrl") ? *options.string("deepInfraBaseUrl")
                                              : std::string("https://api.deepinfra.com/v1/openai"),
           options.truthy("deepInfraApiKey") ? *options.string("deepInfraApiKey")
                                             : std::string("not-provided"),
           options.string("deepInfraModelId"), model_constant_string("deepInfraDefaultModelId"),
           ModelInfo(model_constant("deepInfraDefaultModelInfo"))},
          context) {}

ApiModel DeepInfraHandler::get_model() {
    ApiModel model;
    model.id = options_.string("deepInfraModelId")
                   .value_or(model_constant_string("deepInfraDefaultModelId"));
    const auto found = models_.find(model.id);
    model.info = found != models_.end() ? found->second
                                        : ModelInfo(model_constant("deepInfraDefaultModelInfo"));
    model.params = get_model_params("openai", model.id, model.info, options_);
    return model;
}

void DeepInfraHandler::add_max_completion_tokens(OrderedJson& request,
                                                 const ModelInfo& info) const {
    const OrderedJson* max = info.value("maxTokens");
    if (options_.boolean("includeMaxTokens") == true && js_truthy(max)) {
        request.set("max_completion_tokens",
                    options_.truthy("modelMaxTokens") ? *options_.value("modelMaxTokens") : *max);
    }
}

Task<void> DeepInfraHandler::create_message(std::string system_prompt, OrderedJson messages,
                                            ApiHandlerCreateMessageMetadata metadata,
                                            ChunkSink& sink) {
    // The reference fetches twice (the second answer comes from the model cache).
    co_await fetch_model();
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;

    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id));
    request.set("messages", system_and_openai_messages(system_prompt, messages));
    request.set("stream", OrderedJson::boolean(true));
    OrderedJson stream_options = js_object();
    stream_options.set("include_usage", OrderedJson::boolean(true));
    request.set("stream_options", std::move(stream_options));
    if (model.params && model.params->reasoning_effort)
        request.set("reasoning_effort", OrderedJson::string(*model.params->reasoning_effort));
    if (model.info.supports_prompt_cache() && !metadata.task_id.empty())
        request.set("prompt_cache_key", OrderedJson::string(metadata.task_id));
    if (supports_temperature(model_id)) {
        request.set("temperature",
                    OrderedJson::number(options_.number("modelTemperature").value_or(0)));
    }
    add_max_completion_tokens(request, model.info);

    OpenAiChunkStream stream(co_await client_->request("POST", "/chat/completions", request));
    OrderedJson last_usage;
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        const OrderedJson* delta = first_choice_delta(*chunk);
        if (const OrderedJson* content = js_get(delta, "content"); js_truthy(content))
            sink.on_chunk(ApiStreamChunk::text_chunk(
                js_string(content).value_or(json::js_to_string(*content))));
        if (const OrderedJson* reasoning = js_get(delta, "reasoning_content"); js_truthy(reasoning))
            sink.on_chunk(ApiStreamChunk::reasoning_chunk(
                js_string(reasoning).value_or(json::js_to_string(*reasoning))));
        if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage))
            last_usage = *usage;
    }
    if (js_truthy(&last_usage))
        sink.on_chunk(ApiStreamChunk::usage_chunk(process_usage_metrics(&last_usage, &model.info)));
}

Task<std::string> DeepInfraHandler::complete_prompt(std::string prompt) {
    co_await fetch_model();
    const ApiModel model = get_model();
    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model.id));
    request.set("messages", OrderedJson::array({chat_message("user", prompt)}));
    if (supports_temperature(model.id)) {
        request.set("temperature",
                    OrderedJson::number(options_.number("modelTemperature").value_or(0)));
    }
    add_max_completion_tokens(request, model.info);
    std::unique_ptr<HttpResponse> response =
        co_await client_->request("POST", "/chat/completions", request);
    co_return first_choice_content(co_await read_json_body(*response));
}

ApiStreamUsage DeepInfraHandler::process_usage_metrics(const OrderedJson* usage,
                                                       const ModelInfo* model_info) const {
    const OrderedJson* details = js_get(usage, "prompt_tokens_details");
    ApiStreamUsage result;
    result.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
    result.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
    const double cache_write_tokens = js_number_or(js_get(details, "cache_write_tokens"), 0);
    const double cache_read_tokens = js_number_or(js_get(details, "cached_tokens"), 0);
    result.total_cost =
        model_info != nullptr
            ? calculate_api_cost_openai(*model_info, result.input_tokens, result.output_tokens,
                                        cache_write_tokens, cache_read_tokens)
            : 0;
    if (cache_write_tokens != 0) result.cache_write_tokens = cache_write_tokens;
    if (cache_read_tokens != 0) result.cache_read_tokens = cache_read_tokens;
    return result;
}

}  // namespace lapce_ai::providers
