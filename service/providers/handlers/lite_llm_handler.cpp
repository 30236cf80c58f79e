#include "lite_llm_handler.h"

#include <QRegularExpression>

#include "caching/last_text_part.h"
#include "cost.h"
#include "json_access.h"
#include "model_tables.h"
#include "openai_format.h"
#include "openai_handler.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// {...part, cache_control: {type: "ephemeral"}}
OrderedJson with_cache_control(const OrderedJson& part) {
    OrderedJson copy = part.is_object() ? part : js_object();
    copy.set("cache_control", caching::ephemeral_cache_control());
    return copy;
}

// The system prompt as a cached text part and the last two user messages' last part cached.
OrderedJson cached_messages(const std::string& system_prompt, const OrderedJson& openai_messages) {
    OrderedJson system_part = js_object();
    system_part.set("type", OrderedJson::string("text"));
    system_part.set("text", OrderedJson::string(system_prompt));
    OrderedJson system = js_object();
    system.set("role", OrderedJson::string("system"));
    system.set("content", OrderedJson::array({with_cache_control(system_part)}));

    const std::vector<OrderedJson>& items = openai_messages.items();
    std::vector<std::size_t> user_indices;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (js_string(js_get(&items[i], "role")) == "user") user_indices.push_back(i);
    }
    OrderedJson result = OrderedJson::array({std::move(system)});
    for (std::size_t i = 0; i < items.size(); ++i) {
        const bool last_two =
            (!user_indices.empty() && i == user_indices.back()) ||
            (user_indices.size() >= 2 && i == user_indices[user_indices.size() - 2]);
        const OrderedJson* content = items[i].find("content");
        if (!last_two || content == nullptr) {
            result.push_back(items[i]);
            continue;
        }
        OrderedJson message = items[i];
        if (content->is_string()) {
            OrderedJson part = js_object();
            part.set("type", OrderedJson::string("text"));
            part.set("text", *content);
            message.set("content", OrderedJson::array({with_cache_control(part)}));
        } else if (content->is_array() && !content->items().empty()) {
            std::vector<OrderedJson> parts = content->items();
            parts.back() = with_cache_control(parts.back());
            message.set("content", OrderedJson::array(std::move(parts)));
        }
        result.push_back(std::move(message));
    }
    return result;
}

double first_positive(std::initializer_list<const OrderedJson*> values) {
    for (const OrderedJson* value : values) {
        if (js_truthy(value))
            return value->type() == OrderedJson::Type::Number ? value->as_number() : 0;
    }
    return 0;
}

}  // namespace

bool is_gpt5_model_id(std::string_view model_id) {
    static const QRegularExpression gpt5(QStringLiteral(R"(\bgpt-?5(?!\d))"),
                                         QRegularExpression::CaseInsensitiveOption);
    return gpt5.match(QString::fromUtf8(model_id.data(), static_cast<qsizetype>(model_id.size())))
        .hasMatch();
}

LiteLlmHandler::LiteLlmHandler(const ProviderSettings& options, const ProviderContext& context)
    : RouterProvider(
          {options, "litellm",
           options.truthy("litellmBaseUrl") ? *options.string("litellmBaseUrl")
                                            : std::string("http://localhost:4000"),
           options.truthy("litellmApiKey") ? *options.string("litellmApiKey")
                                           : std::string("dummy-key"),
           options.string("litellmModelId"), model_constant_string("litellmDefaultModelId"),
           ModelInfo(model_constant("litellmDefaultModelInfo"))},
          context) {}

Task<void> LiteLlmHandler::create_message(std::string system_prompt, OrderedJson messages,
                                          ApiHandlerCreateMessageMetadata /*metadata*/,
                                          ChunkSink& sink) {
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;
    const OrderedJson openai_messages = convert_to_openai_messages(messages);

    OrderedJson all_messages;
    if (options_.truthy("litellmUsePromptCache") && model.info.supports_prompt_cache()) {
        all_messages = cached_messages(system_prompt, openai_messages);
    } else {
        all_messages = OrderedJson::array({chat_message("system", system_prompt)});
        for (const OrderedJson& message : openai_messages.items()) all_messages.push_back(message);
    }

    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id));
    request.set("messages", std::move(all_messages));
    request.set("stream", OrderedJson::boolean(true));
    OrderedJson stream_options = js_object();
    stream_options.set("include_usage", OrderedJson::boolean(true));
    request.set("stream_options", std::move(stream_options));
    // Required by some providers; GPT-5 models take max_completion_tokens instead.
    if (const OrderedJson* max = model.info.value("maxTokens"); js_truthy(max))
        request.set(is_gpt5_model_id(model_id) ? "max_completion_tokens" : "max_tokens", *max);
    if (supports_temperature(model_id)) {
        request.set("temperature",
                    OrderedJson::number(options_.number("modelTemperature").value_or(0)));
    }

    std::optional<ProviderError> failure;
    try {
        co_await stream_completion(std::move(request), model.info, sink);
    } catch (const ProviderError& error) {
        failure = prefixed_error("LiteLLM streaming error: ", error);
    }
    if (failure) throw *failure;
}

Task<void> LiteLlmHandler::stream_completion(OrderedJson request, const ModelInfo& info,
                                             ChunkSink& sink) {
    OpenAiChunkStream stream(co_await client_->request("POST", "/chat/completions", request));
    OrderedJson last_usage;
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        const OrderedJson* content = js_get(first_choice_delta(*chunk), "content");
        if (js_truthy(content))
            sink.on_chunk(ApiStreamChunk::text_chunk(
                js_string(content).value_or(json::js_to_string(*content))));
        if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage))
            last_usage = *usage;
    }
    if (!js_truthy(&last_usage)) co_return;

    // LiteLLM names the cache tokens differently per upstream provider.
    const double cache_write_tokens =
        first_positive({js_get(&last_usage, "cache_creation_input_tokens"),
                        js_get(&last_usage, "prompt_cache_miss_tokens")});
    const double cache_read_tokens =
        first_positive({js_get(js_get(&last_usage, "prompt_tokens_details"), "cached_tokens"),
                        js_get(&last_usage, "cache_read_input_tokens"),
                        js_get(&last_usage, "prompt_cache_hit_tokens")});
    ApiStreamUsage usage;
    usage.input_tokens = js_number_or(js_get(&last_usage, "prompt_tokens"), 0);
    usage.output_tokens = js_number_or(js_get(&last_usage, "completion_tokens"), 0);
    if (cache_write_tokens > 0) usage.cache_write_tokens = cache_write_tokens;
    if (cache_read_tokens > 0) usage.cache_read_tokens = cache_read_tokens;
    usage.total_cost = calculate_api_cost_openai(info, usage.input_tokens, usage.output_tokens,
                                                 usage.cache_write_tokens.value_or(0),
                                                 usage.cache_read_tokens.value_or(0));
    sink.on_chunk(ApiStreamChunk::usage_chunk(usage));
}

Task<std::string> LiteLlmHandler::complete_prompt(std::string prompt) {
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;
    std::optional<ProviderError> failure;
    std::string text;
    try {
        OrderedJson request = js_object();
        request.set("model", OrderedJson::string(model_id));
        request.set("messages", OrderedJson::array({chat_message("user", prompt)}));
        if (supports_temperature(model_id)) {
            request.set("temperature",
                        OrderedJson::number(options_.number("modelTemperature").value_or(0)));
        }
        if (const OrderedJson* max = model.info.value("maxTokens"); js_truthy(max))
            request.set(is_gpt5_model_id(model_id) ? "max_completion_tokens" : "max_tokens", *max);
        std::unique_ptr<HttpResponse> response =
            co_await client_->request("POST", "/chat/completions", request);
        text = first_choice_content(co_await read_json_body(*response));
    } catch (const ProviderError& error) {
        failure = prefixed_error("LiteLLM completion error: ", error);
    }
    if (failure) throw *failure;
    co_return text;
}

}  // namespace lapce_ai::providers
