#include "requesty_handler.h"

#include "cost.h"
#include "default_headers.h"
#include "json_access.h"
#include "model_cache.h"
#include "model_params.h"
#include "model_tables.h"
#include "openai_handler.h"
#include "requesty_service_url.h"
#include "router_provider.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kProviderName = "Requesty";

}  // namespace

RequestyHandler::RequestyHandler(const ProviderSettings& options, const ProviderContext& context)
    : options_(options),
      context_(context),
      base_url_(to_requesty_service_url(options.string("requestyBaseUrl"))),
      client_(make_openai_sdk_client(base_url_,
                                     options.string("requestyApiKey").value_or("not-provided"),
                                     default_headers(), *context.http)) {}

Task<ApiModel> RequestyHandler::fetch_model() {
    // The key is not passed: the list is fetched without it.
    GetModelsOptions options{"requesty", std::nullopt, base_url_};
    models_ = co_await get_models(std::move(options), context_);
    co_return get_model();
}

ApiModel RequestyHandler::get_model() {
    ApiModel model;
    model.id = options_.string("requestyModelId")
                   .value_or(model_constant_string("requestyDefaultModelId"));
    const auto found = models_.find(model.id);
    model.info = found != models_.end() ? found->second
                                        : ModelInfo(model_constant("requestyDefaultModelInfo"));
    model.params = get_model_params("anthropic", model.id, model.info, options_);
    return model;
}

ApiStreamUsage RequestyHandler::process_usage_metrics(const OrderedJson* usage,
                                                      const ModelInfo* model_info) const {
    ApiStreamUsage result;
    result.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
    result.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
    const OrderedJson* details = js_get(usage, "prompt_tokens_details");
    const double cache_write_tokens = js_number_or(js_get(details, "caching_tokens"), 0);
    const double cache_read_tokens = js_number_or(js_get(details, "cached_tokens"), 0);
    result.cache_write_tokens = cache_write_tokens;
    result.cache_read_tokens = cache_read_tokens;
    result.total_cost =
        model_info != nullptr
            ? calculate_api_cost_openai(*model_info, result.input_tokens, result.output_tokens,
                                        cache_write_tokens, cache_read_tokens)
            : 0;
    return result;
}

Task<std::unique_ptr<HttpResponse>> RequestyHandler::create_chat_completion(
    const OrderedJson& body) {
    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await client_->request("POST", "/chat/completions", body);
    } catch (const ProviderError& error) {
        failure = handle_openai_error(error, kProviderName);
    }
    if (failure) throw *failure;
    co_return response;
}

Task<void> RequestyHandler::create_message(std::string system_prompt, OrderedJson messages,
                                           ApiHandlerCreateMessageMetadata metadata,
                                           ChunkSink& sink) {
    const ApiModel model = co_await fetch_model();
    const ModelParams& params = *model.params;

    OrderedJson request = js_object();
    request.set("messages", system_and_openai_messages(system_prompt, messages));
    request.set("model", OrderedJson::string(model.id));
    if (params.max_tokens) request.set("max_tokens", OrderedJson::number(*params.max_tokens));
    if (params.temperature) request.set("temperature", OrderedJson::number(*params.temperature));
    if (params.reasoning_effort && !params.reasoning_effort->empty() &&
        *params.reasoning_effort != "minimal")
        request.set("reasoning_effort", OrderedJson::string(*params.reasoning_effort));
    if (js_truthy(&params.reasoning)) request.set("thinking", params.reasoning);
    request.set("stream", OrderedJson::boolean(true));
    OrderedJson stream_options = js_object();
    stream_options.set("include_usage", OrderedJson::boolean(true));
    request.set("stream_options", std::move(stream_options));
    OrderedJson trace = js_object();
    if (!metadata.task_id.empty()) trace.set("trace_id", OrderedJson::string(metadata.task_id));
    OrderedJson extra = js_object();
    if (metadata.mode) extra.set("mode", OrderedJson::string(*metadata.mode));
    trace.set("extra", std::move(extra));
    request.set("requesty", std::move(trace));

    OpenAiChunkStream stream(co_await create_chat_completion(request));
    OrderedJson last_usage;
    bool has_usage = false;
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        const OrderedJson* delta = first_choice_delta(*chunk);
        if (const OrderedJson* content = js_get(delta, "content"); js_truthy(content))
            sink.on_chunk(ApiStreamChunk::text_chunk(
                js_string(content).value_or(json::js_to_string(*content))));
        if (const OrderedJson* reasoning = js_get(delta, "reasoning_content"); js_truthy(reasoning))
            sink.on_chunk(ApiStreamChunk::reasoning_chunk(
                js_string(reasoning).value_or(json::js_to_string(*reasoning))));
        if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage)) {
            last_usage = *usage;
            has_usage = true;
        }
    }
    if (has_usage)
        sink.on_chunk(ApiStreamChunk::usage_chunk(process_usage_metrics(&last_usage, &model.info)));
}

Task<std::string> RequestyHandler::complete_prompt(std::string prompt) {
    const ApiModel model = co_await fetch_model();
    const ModelParams& params = *model.params;
    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model.id));
    if (params.max_tokens) request.set("max_tokens", OrderedJson::number(*params.max_tokens));
    request.set("messages", OrderedJson::array({chat_message("system", prompt)}));
    if (params.temperature) request.set("temperature", OrderedJson::number(*params.temperature));

    std::unique_ptr<HttpResponse> response;
    OrderedJson body;
    std::optional<ProviderError> failure;
    try {
        response = co_await client_->request("POST", "/chat/completions", request);
        body = co_await read_json_body(*response);
    } catch (const ProviderError& error) {
        failure = handle_openai_error(error, kProviderName);
    }
    if (failure) throw *failure;
    co_return first_choice_content(body);
}

}  // namespace lapce_ai::providers
