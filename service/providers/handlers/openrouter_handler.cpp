#include "openrouter_handler.h"

#include "caching/anthropic.h"
#include "caching/gemini.h"
#include "default_headers.h"
#include "json_access.h"
#include "model_cache.h"
#include "model_endpoint_cache.h"
#include "model_params.h"
#include "model_tables.h"
#include "openai_handler.h"
#include "r1_format.h"
#include "router_provider.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kProviderName = "OpenRouter";

bool is_deep_seek_r1(const std::string& model_id) {
    return model_id.starts_with("deepseek/deepseek-r1") || model_id == "perplexity/sonar-reasoning";
}

// V8's TypeError for `key in value` on a value that is not an object.
ProviderError in_operator_error(std::string_view key, const OrderedJson* value) {
    const std::string shown = value == nullptr     ? std::string("undefined")
                              : value->is_string() ? value->as_string()
                                                   : json::js_to_string(*value);
    return ProviderError("TypeError", "Cannot use 'in' operator to search for '" +
                                          std::string(key) + "' in " + shown);
}

bool is_object_like(const OrderedJson* value) {
    return value != nullptr && (value->is_object() || value->is_array());
}

// `"key" in value`
bool js_in(std::string_view key, const OrderedJson* value) {
    if (!is_object_like(value)) throw in_operator_error(key, value);
    return value->is_object() && value->find(key) != nullptr;
}

std::string text_of(const OrderedJson& value) {
    return value.is_string() ? value.as_string() : json::js_to_string(value);
}

// `${value}` of a property that may be undefined.
std::string template_text(const OrderedJson* value) {
    return value == nullptr ? std::string("undefined") : text_of(*value);
}

}  // namespace

OpenRouterHandler::OpenRouterHandler(const ProviderSettings& options,
                                     const ProviderContext& context)
    : options_(options), context_(context) {
    const std::string base_url = options_.truthy("openRouterBaseUrl")
                                     ? *options_.string("openRouterBaseUrl")
                                     : std::string("https://openrouter.ai/api/v1");
    client_ = make_openai_sdk_client(base_url,
                                     options_.string("openRouterApiKey").value_or("not-provided"),
                                     default_headers(), *context.http);
}

Task<ApiModel> OpenRouterHandler::fetch_model() {
    // Promise.all in the reference: the list is asked for first, then the endpoints.
    GetModelsOptions options{"openrouter", std::nullopt, std::nullopt};
    models_ = co_await get_models(std::move(options), context_);
    endpoints_ =
        co_await get_model_endpoints("openrouter", options_.string("openRouterModelId"),
                                     options_.string("openRouterSpecificProvider"), context_);
    co_return get_model();
}

ApiModel OpenRouterHandler::get_model() {
    ApiModel model;
    model.id = options_.string("openRouterModelId")
                   .value_or(model_constant_string("openRouterDefaultModelId"));
    const auto found = models_.find(model.id);
    model.info = found != models_.end() ? found->second
                                        : ModelInfo(model_constant("openRouterDefaultModelInfo"));
    // A chosen provider's endpoint describes the model as that provider serves it.
    if (const std::optional<std::string> provider = options_.string("openRouterSpecificProvider");
        provider && !provider->empty()) {
        if (const auto endpoint = endpoints_.find(*provider); endpoint != endpoints_.end())
            model.info = endpoint->second;
    }
    const bool deep_seek_r1 = is_deep_seek_r1(model.id);
    model.params =
        get_model_params("openrouter", model.id, model.info, options_,
                         deep_seek_r1 ? model_constant_number("DEEP_SEEK_DEFAULT_TEMPERATURE") : 0);
    if (deep_seek_r1) {
        model.extra = js_object();
        model.extra.set("topP", OrderedJson::number(0.95));
    }
    return model;
}

void OpenRouterHandler::add_provider_routing(OrderedJson& request) const {
    const std::optional<std::string> provider = options_.string("openRouterSpecificProvider");
    if (!provider || provider->empty() ||
        *provider == model_constant_string("OPENROUTER_DEFAULT_PROVIDER_NAME"))
        return;
    OrderedJson routing = js_object();
    routing.set("order", OrderedJson::array({OrderedJson::string(*provider)}));
    routing.set("only", OrderedJson::array({OrderedJson::string(*provider)}));
    routing.set("allow_fallbacks", OrderedJson::boolean(false));
    request.set("provider", std::move(routing));
}

Task<void> OpenRouterHandler::create_message(std::string system_prompt, OrderedJson messages,
                                             ApiHandlerCreateMessageMetadata /*metadata*/,
                                             ChunkSink& sink) {
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;
    const ModelParams& params = *model.params;
    OrderedJson reasoning = params.reasoning;

    // OpenRouter sends Gemini 2.5 Pro's reasoning unless told not to.
    if ((model_id == "google/gemini-2.5-pro-preview" || model_id == "google/gemini-2.5-pro") &&
        reasoning.is_null()) {
        reasoning = js_object();
        reasoning.set("exclude", OrderedJson::boolean(true));
    }

    OrderedJson openai_messages;
    // DeepSeek recommends the user role over the system role.
    if (is_deep_seek_r1(model_id)) {
        OrderedJson with_system = OrderedJson::array({chat_message("user", system_prompt)});
        for (const OrderedJson& message : messages.items()) with_system.push_back(message);
        openai_messages = convert_to_r1_format(with_system);
    } else {
        openai_messages = system_and_openai_messages(system_prompt, messages);
    }

    if (model_constant_has("OPEN_ROUTER_PROMPT_CACHING_MODELS", model_id)) {
        if (model_id.starts_with("google"))
            caching::gemini::add_cache_breakpoints(system_prompt, openai_messages);
        else
            caching::anthropic::add_cache_breakpoints(system_prompt, openai_messages);
    }

    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id));
    if (params.max_tokens && *params.max_tokens > 0)
        request.set("max_tokens", OrderedJson::number(*params.max_tokens));
    if (params.temperature) request.set("temperature", OrderedJson::number(*params.temperature));
    if (const OrderedJson* top_p = model.extra.find("topP")) request.set("top_p", *top_p);
    request.set("messages", std::move(openai_messages));
    request.set("stream", OrderedJson::boolean(true));
    OrderedJson stream_options = js_object();
    stream_options.set("include_usage", OrderedJson::boolean(true));
    request.set("stream_options", std::move(stream_options));
    add_provider_routing(request);
    if (options_.boolean("openRouterUseMiddleOutTransform").value_or(true))
        request.set("transforms", OrderedJson::array({OrderedJson::string("middle-out")}));
    if (json::js_truthy(reasoning)) request.set("reasoning", std::move(reasoning));

    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await client_->request("POST", "/chat/completions", request);
    } catch (const ProviderError& error) {
        failure = handle_openai_error(error, kProviderName);
    }
    if (failure) throw *failure;

    OpenAiChunkStream stream(std::move(response));
    OrderedJson last_usage;
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        // OpenRouter may send an error object in place of a chunk (the SDK throws first when
        // the error is truthy).
        if (js_in("error", &*chunk)) {
            const OrderedJson* error = chunk->find("error");
            const OrderedJson* code = is_object_like(error) ? js_get(error, "code") : nullptr;
            const OrderedJson* message = is_object_like(error) ? js_get(error, "message") : nullptr;
            throw ProviderError("Error", "OpenRouter API Error " + template_text(code) + ": " +
                                             template_text(message));
        }

        const OrderedJson* choices = chunk->find("choices");
        if (choices == nullptr || choices->is_null())
            throw ProviderError("TypeError", "Cannot read properties of " + template_text(choices) +
                                                 " (reading '0')");
        const OrderedJson* delta = js_get(js_at(choices, 0), "delta");

        if (js_in("reasoning", delta)) {
            const OrderedJson* reasoning_text = delta->find("reasoning");
            if (js_truthy(reasoning_text) && reasoning_text->is_string())
                sink.on_chunk(ApiStreamChunk::reasoning_chunk(reasoning_text->as_string()));
        }
        if (const OrderedJson* content = js_get(delta, "content"); js_truthy(content))
            sink.on_chunk(ApiStreamChunk::text_chunk(text_of(*content)));
        if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage))
            last_usage = *usage;
    }

    if (js_truthy(&last_usage)) {
        ApiStreamUsage usage;
        usage.input_tokens = js_number_or(js_get(&last_usage, "prompt_tokens"), 0);
        usage.output_tokens = js_number_or(js_get(&last_usage, "completion_tokens"), 0);
        usage.cache_read_tokens =
            js_number(js_get(js_get(&last_usage, "prompt_tokens_details"), "cached_tokens"));
        usage.reasoning_tokens =
            js_number(js_get(js_get(&last_usage, "completion_tokens_details"), "reasoning_tokens"));
        usage.total_cost =
            js_number_or(js_get(js_get(&last_usage, "cost_details"), "upstream_inference_cost"),
                         0) +
            js_number_or(js_get(&last_usage, "cost"), 0);
        sink.on_chunk(ApiStreamChunk::usage_chunk(usage));
    }
}

Task<std::string> OpenRouterHandler::complete_prompt(std::string prompt) {
    const ApiModel model = co_await fetch_model();
    const ModelParams& params = *model.params;

    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model.id));
    if (params.max_tokens) request.set("max_tokens", OrderedJson::number(*params.max_tokens));
    if (params.temperature) request.set("temperature", OrderedJson::number(*params.temperature));
    request.set("messages", OrderedJson::array({chat_message("user", prompt)}));
    request.set("stream", OrderedJson::boolean(false));
    add_provider_routing(request);
    if (json::js_truthy(params.reasoning)) request.set("reasoning", params.reasoning);

    OrderedJson response;
    std::optional<ProviderError> failure;
    try {
        std::unique_ptr<HttpResponse> http_response =
            co_await client_->request("POST", "/chat/completions", request);
        response = co_await read_json_body(*http_response);
    } catch (const ProviderError& error) {
        failure = handle_openai_error(error, kProviderName);
    }
    if (failure) throw *failure;

    if (js_in("error", &response)) {
        const OrderedJson* error = response.find("error");
        const OrderedJson* code = is_object_like(error) ? js_get(error, "code") : nullptr;
        const OrderedJson* message = is_object_like(error) ? js_get(error, "message") : nullptr;
        throw ProviderError(
            "Error", "OpenRouter API Error " + template_text(code) + ": " + template_text(message));
    }
    co_return first_choice_content(response);
}

}  // namespace lapce_ai::providers
