#include "anthropic_vertex_handler.h"

#include "caching/vertex.h"
#include "js_access.h"
#include "js_json_parse.h"
#include "json_access.h"
#include "model_params.h"
#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// safeJsonParse(text, undefined)
OrderedJson safe_json_parse(const std::optional<std::string>& text) {
    if (!text || text->empty()) return {};
    auto parsed = json::js_json_parse(*text);
    return parsed ? std::move(*parsed) : OrderedJson();
}

OrderedJson ephemeral() {
    OrderedJson object = js_object();
    object.set("type", OrderedJson::string("ephemeral"));
    return object;
}

// A chunk field read with `!` (undefined when absent): `.x` of it throws V8's TypeError.
const OrderedJson& required(const OrderedJson* value, std::string_view reading) {
    if (value == nullptr || value->is_null()) {
        throw ProviderError("TypeError", "Cannot read properties of " +
                                             std::string(value == nullptr ? "undefined" : "null") +
                                             " (reading '" + std::string(reading) + "')");
    }
    return *value;
}

std::string text_or_empty(const OrderedJson* value) {
    return js_string(value).value_or("");
}

}  // namespace

AnthropicVertexHandler::AnthropicVertexHandler(ProviderSettings options,
                                               const ProviderContext& context)
    : options_(std::move(options)) {
    // https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/use-claude#regions
    AnthropicVertexClientOptions client;
    client.project_id = options_.string("vertexProjectId").value_or("not-provided");
    client.region = options_.string("vertexRegion").value_or("us-east5");
    if (options_.truthy("vertexJsonCredentials")) {
        client.google_auth.credentials = safe_json_parse(options_.string("vertexJsonCredentials"));
    } else if (options_.truthy("vertexKeyFile")) {
        client.google_auth.key_file = options_.string("vertexKeyFile");
    }
    client_ = std::make_unique<AnthropicVertexClient>(std::move(client), context);
}

ApiModel AnthropicVertexHandler::get_model() {
    const std::optional<std::string> model_id = options_.string("apiModelId");
    std::optional<ModelInfo> found;
    if (model_id && !model_id->empty()) found = find_model_info("vertex", *model_id);
    const std::string id = found ? *model_id : default_model_id("vertex");
    ModelInfo info = found ? *found : *find_model_info("vertex", id);

    ApiModel model;
    model.params = get_model_params("anthropic", id, info, options_);
    // The `:thinking` suffix marks a hybrid model with reasoning required; the API knows the
    // model without it.
    constexpr std::string_view kThinking = ":thinking";
    model.id = id;
    if (id.ends_with(kThinking)) model.id.erase(id.find(kThinking), kThinking.size());
    model.info = std::move(info);
    return model;
}

Task<void> AnthropicVertexHandler::create_message(std::string system_prompt, OrderedJson messages,
                                                  ApiHandlerCreateMessageMetadata /*metadata*/,
                                                  ChunkSink& sink) {
    const ApiModel model = get_model();
    const bool supports_prompt_cache = model.info.supports_prompt_cache();

    // Vertex caches at most 4 blocks, text only, in user messages: the system prompt and the
    // last text block of the last two user messages.
    OrderedJson params = js_object();
    params.set("model", OrderedJson::string(model.id));
    params.set("max_tokens", OrderedJson::number(model.params->max_tokens.value_or(
                                 model_constant_number("ANTHROPIC_DEFAULT_MAX_TOKENS"))));
    if (model.params->temperature)
        params.set("temperature", OrderedJson::number(*model.params->temperature));
    if (!model.params->reasoning.is_null()) params.set("thinking", model.params->reasoning);
    if (supports_prompt_cache) {
        OrderedJson block = js_object();
        block.set("text", OrderedJson::string(system_prompt));
        block.set("type", OrderedJson::string("text"));
        block.set("cache_control", ephemeral());
        params.set("system", OrderedJson::array({std::move(block)}));
        params.set("messages", caching::vertex::add_cache_breakpoints(messages));
    } else {
        params.set("system", OrderedJson::string(system_prompt));
        params.set("messages", std::move(messages));
    }
    params.set("stream", OrderedJson::boolean(true));

    std::unique_ptr<AnthropicEventStream> stream =
        co_await client_->create_message_stream(std::move(params));

    while (std::optional<OrderedJson> chunk = co_await stream->next()) {
        const OrderedJson* type = js::get(*chunk, "type");
        if (js::is(type, "message_start")) {
            const OrderedJson* usage =
                js::get(&required(js::get(*chunk, "message"), "usage"), "usage");
            const OrderedJson& read = required(usage, "input_tokens");
            ApiStreamUsage yielded;
            yielded.input_tokens = js_number_or(read.find("input_tokens"), 0);
            yielded.output_tokens = js_number_or(read.find("output_tokens"), 0);
            yielded.cache_write_tokens = js_truthy_number(read.find("cache_creation_input_tokens"));
            yielded.cache_read_tokens = js_truthy_number(read.find("cache_read_input_tokens"));
            sink.on_chunk(ApiStreamChunk::usage_chunk(yielded));
        } else if (js::is(type, "message_delta")) {
            ApiStreamUsage yielded;
            yielded.input_tokens = 0;
            yielded.output_tokens = js_number_or(
                required(js::get(*chunk, "usage"), "output_tokens").find("output_tokens"), 0);
            sink.on_chunk(ApiStreamChunk::usage_chunk(yielded));
        } else if (js::is(type, "content_block_start")) {
            const OrderedJson& block = required(js::get(*chunk, "content_block"), "type");
            const OrderedJson* block_type = block.find("type");
            const bool after_first = js_number(js::get(*chunk, "index")).value_or(0) > 0;
            if (js::is(block_type, "text")) {
                if (after_first) sink.on_chunk(ApiStreamChunk::text_chunk("\n"));
                sink.on_chunk(ApiStreamChunk::text_chunk(text_or_empty(block.find("text"))));
            } else if (js::is(block_type, "thinking")) {
                if (after_first) sink.on_chunk(ApiStreamChunk::reasoning_chunk("\n"));
                sink.on_chunk(
                    ApiStreamChunk::reasoning_chunk(text_or_empty(block.find("thinking"))));
            }
        } else if (js::is(type, "content_block_delta")) {
            const OrderedJson& delta = required(js::get(*chunk, "delta"), "type");
            const OrderedJson* delta_type = delta.find("type");
            if (js::is(delta_type, "text_delta")) {
                sink.on_chunk(ApiStreamChunk::text_chunk(text_or_empty(delta.find("text"))));
            } else if (js::is(delta_type, "thinking_delta")) {
                sink.on_chunk(
                    ApiStreamChunk::reasoning_chunk(text_or_empty(delta.find("thinking"))));
            }
        }
    }
}

Task<std::string> AnthropicVertexHandler::complete_prompt(std::string prompt) {
    std::optional<std::string> failure;
    std::string text;
    try {
        const ApiModel model = get_model();
        OrderedJson user_message = js_object();
        user_message.set("role", OrderedJson::string("user"));
        if (model.info.supports_prompt_cache()) {
            OrderedJson block = js_object();
            block.set("type", OrderedJson::string("text"));
            block.set("text", OrderedJson::string(std::move(prompt)));
            block.set("cache_control", ephemeral());
            user_message.set("content", OrderedJson::array({std::move(block)}));
        } else {
            user_message.set("content", OrderedJson::string(std::move(prompt)));
        }
        OrderedJson params = js_object();
        params.set("model", OrderedJson::string(model.id));
        params.set("max_tokens", OrderedJson::number(model.params->max_tokens.value_or(
                                     model_constant_number("ANTHROPIC_DEFAULT_MAX_TOKENS"))));
        if (model.params->temperature)
            params.set("temperature", OrderedJson::number(*model.params->temperature));
        if (!model.params->reasoning.is_null()) params.set("thinking", model.params->reasoning);
        params.set("messages", OrderedJson::array({std::move(user_message)}));
        params.set("stream", OrderedJson::boolean(false));

        const OrderedJson response = co_await client_->create_message(std::move(params));
        const OrderedJson& content =
            required(js_at(&required(js::get(response, "content"), "0"), 0), "type");
        if (js::is(content.find("type"), "text")) text = text_or_empty(content.find("text"));
    } catch (const ProviderError& error) {
        failure = error.message();
    }
    if (failure) throw ProviderError("Error", "Vertex completion error: " + *failure);
    co_return text;
}

}  // namespace lapce_ai::providers
