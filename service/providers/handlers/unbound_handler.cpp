#include "unbound_handler.h"

#include "caching/anthropic.h"
#include "caching/gemini.h"
#include "caching/vertex.h"
#include "json_access.h"
#include "model_tables.h"
#include "openai_handler.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kOriginApp = "roo-code";

HeaderList unbound_headers() {
    return {{"X-Unbound-Metadata", R"({"labels":[{"key":"app","value":"roo-code"}]})"}};
}

// `modelId.split("/")[1]`: nullopt (undefined) when the id has no "/".
std::optional<std::string> unbound_model_name(const std::string& model_id) {
    const std::size_t slash = model_id.find('/');
    if (slash == std::string::npos) return std::nullopt;
    const std::size_t next = model_id.find('/', slash + 1);
    return model_id.substr(slash + 1,
                           next == std::string::npos ? std::string::npos : next - slash - 1);
}

void set_model(OrderedJson& request, const std::string& model_id) {
    if (const std::optional<std::string> name = unbound_model_name(model_id))
        request.set("model", OrderedJson::string(*name));
}

}  // namespace

UnboundHandler::UnboundHandler(const ProviderSettings& options, const ProviderContext& context)
    : RouterProvider(
          {options, "unbound", "https://api.getunbound.ai/v1", options.string("unboundApiKey"),
           options.string("unboundModelId"), model_constant_string("unboundDefaultModelId"),
           ModelInfo(model_constant("unboundDefaultModelInfo"))},
          context) {}

Task<void> UnboundHandler::create_message(std::string system_prompt, OrderedJson messages,
                                          ApiHandlerCreateMessageMetadata metadata,
                                          ChunkSink& sink) {
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;

    OrderedJson openai_messages = system_and_openai_messages(system_prompt, messages);
    if (model.info.supports_prompt_cache()) {
        if (model_id.starts_with("google/"))
            caching::gemini::add_cache_breakpoints(system_prompt, openai_messages);
        else if (model_id.starts_with("anthropic/"))
            caching::anthropic::add_cache_breakpoints(system_prompt, openai_messages);
    }
    // Vertex AI custom models: the reference discards the new array the Vertex markers return,
    // so the request is unchanged (only a malformed message could make the call throw).
    if (model_id.starts_with("vertex-ai/google.") || model_id.starts_with("vertex-ai/anthropic."))
        (void)caching::vertex::add_cache_breakpoints(messages);

    OrderedJson request = js_object();
    set_model(request, model_id);
    // Required by Anthropic; other providers default to the most tokens allowed.
    if (model_id.starts_with("anthropic/")) {
        if (const OrderedJson* max = model.info.value("maxTokens"); max && !max->is_null())
            request.set("max_tokens", *max);
    }
    request.set("messages", std::move(openai_messages));
    request.set("stream", OrderedJson::boolean(true));
    OrderedJson unbound_metadata = js_object();
    unbound_metadata.set("originApp", OrderedJson::string(kOriginApp));
    if (!metadata.task_id.empty())
        unbound_metadata.set("taskId", OrderedJson::string(metadata.task_id));
    if (metadata.mode) unbound_metadata.set("mode", OrderedJson::string(*metadata.mode));
    request.set("unbound_metadata", std::move(unbound_metadata));
    if (supports_temperature(model_id)) {
        request.set("temperature",
                    OrderedJson::number(options_.number("modelTemperature").value_or(0)));
    }

    OpenAiChunkStream stream(
        co_await client_->request("POST", "/chat/completions", request, unbound_headers()));
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        const OrderedJson* content = js_get(first_choice_delta(*chunk), "content");
        const OrderedJson* usage = js_get(&*chunk, "usage");
        if (js_truthy(content))
            sink.on_chunk(ApiStreamChunk::text_chunk(
                js_string(content).value_or(json::js_to_string(*content))));
        if (js_truthy(usage)) {
            ApiStreamUsage usage_data;
            usage_data.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
            usage_data.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
            // Cache tokens only when there are some.
            usage_data.cache_write_tokens =
                js_truthy_number(js_get(usage, "cache_creation_input_tokens"));
            usage_data.cache_read_tokens =
                js_truthy_number(js_get(usage, "cache_read_input_tokens"));
            sink.on_chunk(ApiStreamChunk::usage_chunk(usage_data));
        }
    }
}

Task<std::string> UnboundHandler::complete_prompt(std::string prompt) {
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;
    std::optional<ProviderError> failure;
    std::string text;
    try {
        OrderedJson request = js_object();
        set_model(request, model_id);
        request.set("messages", OrderedJson::array({chat_message("user", prompt)}));
        OrderedJson unbound_metadata = js_object();
        unbound_metadata.set("originApp", OrderedJson::string(kOriginApp));
        request.set("unbound_metadata", std::move(unbound_metadata));
        if (supports_temperature(model_id)) {
            request.set("temperature",
                        OrderedJson::number(options_.number("modelTemperature").value_or(0)));
        }
        if (model_id.starts_with("anthropic/")) {
            if (const OrderedJson* max = model.info.value("maxTokens"))
                request.set("max_tokens", *max);
        }
        std::unique_ptr<HttpResponse> response =
            co_await client_->request("POST", "/chat/completions", request, unbound_headers());
        text = first_choice_content(co_await read_json_body(*response));
    } catch (const ProviderError& error) {
        failure = prefixed_error("Unbound completion error: ", error);
    }
    if (failure) throw *failure;
    co_return text;
}

}  // namespace lapce_ai::providers
