#include "lm_studio_handler.h"

#include "json_access.h"
#include "model_tables.h"
#include "openai_format.h"
#include "openai_handler.h"
#include "xml_matcher.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kLmStudioErrorMessage =
    "Please check the LM Studio developer logs to debug what went wrong. You may need to load the "
    "model with a larger context length to work with Roo Code's prompts.";

OrderedJson text_block(std::string text) {
    return OrderedJson::object(
        {{"type", OrderedJson::string("text")}, {"text", OrderedJson::string(std::move(text))}});
}

// toContentBlocks: each message's text (string content, or its text parts) as text blocks.
void append_text_blocks(const OrderedJson& messages, OrderedJson& blocks) {
    for (const OrderedJson& message : messages.items()) {
        const OrderedJson* content = js_get(&message, "content");
        if (content != nullptr && content->is_string()) {
            blocks.push_back(text_block(content->as_string()));
        } else if (content != nullptr && content->is_array()) {
            for (const OrderedJson& part : content->items()) {
                if (js_string(js_get(&part, "type")) == "text") {
                    OrderedJson block =
                        OrderedJson::object({{"type", OrderedJson::string("text")}});
                    if (const OrderedJson* text = js_get(&part, "text")) block.set("text", *text);
                    blocks.push_back(std::move(block));
                }
            }
        }
    }
}

}  // namespace

LmStudioHandler::LmStudioHandler(ProviderSettings options, const ProviderContext& context)
    : options_(std::move(options)) {
    StainlessClientOptions client;
    client.flavor = StainlessClientOptions::Flavor::OpenAi;
    client.base_url =
        (options_.truthy("lmStudioBaseUrl") ? options_.string("lmStudioBaseUrl").value_or("")
                                            : std::string("http://localhost:1234")) +
        "/v1";
    client.auth_headers = {{"Authorization", "Bearer noop"}};
    client.timeout = context.api_request_timeout;
    client_ = std::make_unique<StainlessClient>(std::move(client), *context.http);
}

// The reference looks the model up in the router-model cache the editor fills; the service has
// none, so the sane defaults apply.
ApiModel LmStudioHandler::get_model() {
    ApiModel model;
    model.id = options_.truthy("lmStudioModelId") ? options_.string("lmStudioModelId").value_or("")
                                                  : std::string();
    model.info = ModelInfo(model_constant("openAiModelInfoSaneDefaults"));
    return model;
}

OrderedJson LmStudioHandler::request_params(OrderedJson messages, bool stream) {
    OrderedJson params = OrderedJson::object({});
    params.set("model", OrderedJson::string(get_model().id));
    params.set("messages", std::move(messages));
    const std::optional<double> temperature = options_.number("modelTemperature");
    params.set(
        "temperature",
        OrderedJson::number(temperature ? *temperature
                                        : model_constant_number("LMSTUDIO_DEFAULT_TEMPERATURE")));
    params.set("stream", OrderedJson::boolean(stream));
    if (options_.truthy("lmStudioSpeculativeDecodingEnabled") &&
        options_.truthy("lmStudioDraftModelId"))
        params.set("draft_model", *options_.value("lmStudioDraftModelId"));
    return params;
}

Task<void> LmStudioHandler::create_message(std::string system_prompt, OrderedJson messages,
                                           ApiHandlerCreateMessageMetadata /*metadata*/,
                                           ChunkSink& sink) {
    OrderedJson openai_messages = OrderedJson::array(
        {OrderedJson::object({{"role", OrderedJson::string("system")},
                              {"content", OrderedJson::string(system_prompt)}})});
    OrderedJson converted = convert_to_openai_messages(messages);
    for (OrderedJson& message : converted.mutable_items())
        openai_messages.push_back(std::move(message));

    OrderedJson input_blocks = OrderedJson::array({text_block(system_prompt)});
    append_text_blocks(messages, input_blocks);
    double input_tokens = 0;
    try {
        input_tokens = co_await count_tokens(std::move(input_blocks));
    } catch (const ProviderError&) {
        input_tokens = 0;  // "[LmStudio] Failed to count input tokens:"
    }

    bool failed = false;
    try {
        std::string assistant_text;
        OrderedJson params = request_params(std::move(openai_messages), true);
        OpenAiChunkStream stream(
            co_await client_->request("POST", "/chat/completions", std::move(params)));
        XmlMatcher matcher("think");
        while (std::optional<OrderedJson> chunk = co_await stream.next()) {
            const OrderedJson* delta = js_get(js_at(js_get(&*chunk, "choices"), 0), "delta");
            if (const OrderedJson* content = js_get(delta, "content"); js_truthy(content)) {
                const std::string text = json::js_to_string(*content);
                assistant_text += text;
                emit_xml_matcher_results(matcher.update(text), sink);
            }
        }
        emit_xml_matcher_results(matcher.final(), sink);

        double output_tokens = 0;
        try {
            OrderedJson output_blocks = OrderedJson::array({text_block(std::move(assistant_text))});
            output_tokens = co_await count_tokens(std::move(output_blocks));
        } catch (const ProviderError&) {
            output_tokens = 0;  // "[LmStudio] Failed to count output tokens:"
        }
        ApiStreamUsage usage;
        usage.input_tokens = input_tokens;
        usage.output_tokens = output_tokens;
        sink.on_chunk(ApiStreamChunk::usage_chunk(usage));
    } catch (const std::exception&) {
        failed = true;
    }
    if (failed) throw ProviderError("Error", kLmStudioErrorMessage);
}

Task<std::string> LmStudioHandler::complete_prompt(std::string prompt) {
    bool failed = false;
    std::string text;
    try {
        const OrderedJson user_message = OrderedJson::object(
            {{"role", OrderedJson::string("user")}, {"content", OrderedJson::string(prompt)}});
        OrderedJson params = request_params(OrderedJson::array({user_message}), false);
        std::unique_ptr<HttpResponse> response =
            co_await client_->request("POST", "/chat/completions", std::move(params));
        const OrderedJson body = co_await read_json_body(*response);
        // response.choices[0]?.message.content || ""
        const OrderedJson* choices = js_get(&body, "choices");
        if (choices == nullptr || !choices->is_array())
            throw ProviderError("TypeError", "Cannot read properties of undefined (reading '0')");
        const OrderedJson* choice = js_at(choices, 0);
        if (choice != nullptr && !choice->is_null()) {
            const OrderedJson* message = js_get(choice, "message");
            if (message == nullptr || message->is_null())
                throw ProviderError("TypeError",
                                    "Cannot read properties of undefined (reading 'content')");
            const OrderedJson* content = js_get(message, "content");
            if (js_truthy(content)) text = json::js_to_string(*content);
        }
    } catch (const std::exception&) {
        failed = true;
    }
    if (failed) throw ProviderError("Error", kLmStudioErrorMessage);
    co_return text;
}

}  // namespace lapce_ai::providers
