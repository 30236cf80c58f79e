#include "mistral_handler.h"

#include "json_access.h"
#include "mistral_format.h"
#include "model_tables.h"
#include "provider_error.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

void emit_delta_content(const OrderedJson* content, ChunkSink& sink) {
    if (!js_truthy(content)) return;
    if (content->is_string()) {
        sink.on_chunk(ApiStreamChunk::text_chunk(content->as_string()));
        return;
    }
    if (!content->is_array()) return;
    for (const OrderedJson& chunk : content->items()) {
        const std::optional<std::string> type = js_string(js_get(&chunk, "type"));
        const OrderedJson* thinking = js_get(&chunk, "thinking");
        if (type == "thinking" && js_truthy(thinking)) {
            if (!thinking->is_array()) continue;
            for (const OrderedJson& part : thinking->items()) {
                const OrderedJson* text = js_get(&part, "text");
                if (js_string(js_get(&part, "type")) == "text" && js_truthy(text))
                    sink.on_chunk(ApiStreamChunk::reasoning_chunk(json::js_to_string(*text)));
            }
        } else if (const OrderedJson* text = js_get(&chunk, "text");
                   type == "text" && js_truthy(text)) {
            sink.on_chunk(ApiStreamChunk::text_chunk(json::js_to_string(*text)));
        }
    }
}

}  // namespace

MistralHandler::MistralHandler(ProviderSettings options, const ProviderContext& context)
    : options_(std::move(options)) {
    if (!options_.truthy("mistralApiKey"))
        throw ProviderError("Error", "Mistral API key is required");
    const std::string api_model_id = options_.truthy("apiModelId")
                                         ? options_.string("apiModelId").value_or("")
                                         : default_model_id("mistral");
    options_.set("apiModelId", OrderedJson::string(api_model_id));
    const std::string server_url = api_model_id.starts_with("codestral-")
                                       ? (options_.truthy("mistralCodestralUrl")
                                              ? options_.string("mistralCodestralUrl").value_or("")
                                              : std::string("https://codestral.mistral.ai"))
                                       : std::string("https://api.mistral.ai");
    client_ = std::make_unique<MistralClient>(
        server_url, options_.string("mistralApiKey").value_or(""), *context.http);
}

ApiModel MistralHandler::get_model() {
    ApiModel model;
    model.id = options_.string("apiModelId").value_or(default_model_id("mistral"));
    model.info = find_model_info("mistral", model.id)
                     .value_or(*find_model_info("mistral", default_model_id("mistral")));
    model.extra = OrderedJson::object({});
    if (options_.truthy("includeMaxTokens")) {
        if (const OrderedJson* max_tokens = model.info.value("maxTokens"))
            model.extra.set("maxTokens", *max_tokens);
    }
    const std::optional<double> temperature = options_.number("modelTemperature");
    model.extra.set(
        "temperature",
        OrderedJson::number(temperature ? *temperature
                                        : model_constant_number("MISTRAL_DEFAULT_TEMPERATURE")));
    return model;
}

Task<void> MistralHandler::create_message(std::string system_prompt, OrderedJson messages,
                                          ApiHandlerCreateMessageMetadata /*metadata*/,
                                          ChunkSink& sink) {
    const ApiModel model = get_model();
    // ChatCompletionStreamRequest as its outbound schema writes it.
    OrderedJson body = OrderedJson::object({});
    body.set("model", OrderedJson::string(model.id));
    body.set("temperature", *model.extra.find("temperature"));
    if (const OrderedJson* max_tokens = model.extra.find("maxTokens"))
        body.set("max_tokens", *max_tokens);
    body.set("stream", OrderedJson::boolean(true));
    const OrderedJson system_role = OrderedJson::string("system");
    const OrderedJson system_content = OrderedJson::string(system_prompt);
    OrderedJson wire_messages =
        OrderedJson::array({mistral_wire_message(&system_role, &system_content)});
    OrderedJson converted = convert_to_mistral_messages(messages);
    for (OrderedJson& message : converted.mutable_items())
        wire_messages.push_back(std::move(message));
    body.set("messages", std::move(wire_messages));

    std::unique_ptr<HttpResponse> response = co_await client_->chat_stream(std::move(body));
    SpeakeasyEventReader events(*response, "[DONE]");
    while (std::optional<SpeakeasyEvent> event = co_await events.next()) {
        const OrderedJson data = decode_completion_event(*event);
        const OrderedJson* delta = js_get(js_at(js_get(&data, "choices"), 0), "delta");
        emit_delta_content(js_get(delta, "content"), sink);
        if (const OrderedJson* usage = js_get(&data, "usage"); js_truthy(usage)) {
            ApiStreamUsage result;
            result.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
            result.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
            sink.on_chunk(ApiStreamChunk::usage_chunk(result));
        }
    }
}

Task<std::string> MistralHandler::complete_prompt(std::string prompt) {
    std::optional<ProviderError> failure;
    std::string text;
    try {
        const ApiModel model = get_model();
        const OrderedJson user_role = OrderedJson::string("user");
        const OrderedJson content = OrderedJson::string(prompt);
        OrderedJson body = OrderedJson::object({});
        body.set("model", OrderedJson::string(model.id));
        body.set("temperature", *model.extra.find("temperature"));
        body.set("stream", OrderedJson::boolean(false));
        body.set("messages", OrderedJson::array({mistral_wire_message(&user_role, &content)}));
        const OrderedJson response = co_await client_->chat_complete(std::move(body));
        const OrderedJson* choice = js_at(js_get(&response, "choices"), 0);
        const OrderedJson* message = js_get(choice, "message");
        if (choice != nullptr && !choice->is_null() && message == nullptr)
            throw ProviderError("TypeError",
                                "Cannot read properties of undefined (reading 'content')");
        const OrderedJson* answer = js_get(message, "content");
        if (answer != nullptr && answer->is_array()) {
            // Only the text parts; thinking is left out of completions.
            for (const OrderedJson& part : answer->items()) {
                const OrderedJson* part_text = js_get(&part, "text");
                if (js_string(js_get(&part, "type")) == "text" && js_truthy(part_text))
                    text += json::js_to_string(*part_text);
            }
        } else if (js_truthy(answer)) {
            text = json::js_to_string(*answer);
        }
    } catch (const ProviderError& error) {
        failure = ProviderError("Error", "Mistral completion error: " + error.message());
    }
    if (failure) throw *failure;
    co_return text;
}

}  // namespace lapce_ai::providers
