#include "native_ollama_handler.h"

#include <algorithm>

#include "js_access.h"
#include "model_tables.h"
#include "ollama_format.h"
#include "ollama_models.h"
#include "openai_handler.h"
#include "xml_matcher.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kDefaultOllamaUrl = "http://localhost:11434";

bool is_r1_model(std::string model_id) {
    std::transform(model_id.begin(), model_id.end(), model_id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return model_id.find("deepseek-r1") != std::string::npos;
}

// `chunk.prompt_eval_count` when it is a truthy number.
std::optional<double> truthy_count(const OrderedJson* value) {
    if (value == nullptr || value->type() != OrderedJson::Type::Number || !js::truthy(value))
        return std::nullopt;
    return value->as_number();
}

}  // namespace

NativeOllamaHandler::NativeOllamaHandler(ProviderSettings options, const ProviderContext& context)
    : options_(std::move(options)), context_(context) {}

OllamaClient& NativeOllamaHandler::ensure_client() {
    if (!client_) {
        const std::string host = options_.truthy("ollamaBaseUrl")
                                     ? options_.string("ollamaBaseUrl").value_or("")
                                     : std::string(kDefaultOllamaUrl);
        HeaderList headers;
        if (options_.truthy("ollamaApiKey"))
            headers.emplace_back("Authorization",
                                 "Bearer " + options_.string("ollamaApiKey").value_or(""));
        try {
            client_ = std::make_unique<OllamaClient>(host, std::move(headers), *context_.http);
        } catch (const ProviderError& error) {
            throw ProviderError("Error", "Error creating Ollama client: " + error.message());
        }
    }
    return *client_;
}

Task<ApiModel> NativeOllamaHandler::fetch_model() {
    models_ = co_await get_ollama_models(*context_.http, options_.string("ollamaBaseUrl"),
                                         options_.string("ollamaApiKey"));
    co_return get_model();
}

ApiModel NativeOllamaHandler::get_model() {
    ApiModel model;
    model.id =
        options_.truthy("ollamaModelId") ? options_.string("ollamaModelId").value_or("") : "";
    const OrderedJson* fetched = models_.find(model.id);
    model.info = fetched != nullptr ? ModelInfo(*fetched)
                                    : ModelInfo(model_constant("openAiModelInfoSaneDefaults"));
    return model;
}

OrderedJson NativeOllamaHandler::chat_options(const std::string& model_id) const {
    OrderedJson options = OrderedJson::object({});
    const std::optional<double> temperature = options_.number("modelTemperature");
    options.set("temperature",
                OrderedJson::number(temperature ? *temperature
                                    : is_r1_model(model_id)
                                        ? model_constant_number("DEEP_SEEK_DEFAULT_TEMPERATURE")
                                        : 0));
    if (const OrderedJson* num_ctx = options_.value("ollamaNumCtx"))
        options.set("num_ctx", *num_ctx);
    return options;
}

Task<void> NativeOllamaHandler::create_message(std::string system_prompt, OrderedJson messages,
                                               ApiHandlerCreateMessageMetadata /*metadata*/,
                                               ChunkSink& sink) {
    OllamaClient& client = ensure_client();
    const ApiModel model = co_await fetch_model();
    OrderedJson ollama_messages = OrderedJson::array(
        {OrderedJson::object({{"role", OrderedJson::string("system")},
                              {"content", OrderedJson::string(system_prompt)}})});
    OrderedJson converted = convert_to_ollama_messages(messages);
    for (OrderedJson& message : converted.mutable_items())
        ollama_messages.push_back(std::move(message));

    std::optional<ProviderError> failure;
    try {
        co_await stream_chat(client, model.id, std::move(ollama_messages), sink);
    } catch (const ProviderError& error) {
        failure = error;
    }
    if (!failure) co_return;
    // The friendly messages below need `code` / `status` on the error itself, which neither
    // ollama-js's ResponseError (`status_code`) nor fetch's TypeError (`cause.code`) carry.
    if (failure->code.is_string() && failure->code.as_string() == "ECONNREFUSED") {
        throw ProviderError("Error", "Ollama service is not running at " +
                                         (options_.truthy("ollamaBaseUrl")
                                              ? options_.string("ollamaBaseUrl").value_or("")
                                              : std::string(kDefaultOllamaUrl)) +
                                         ". Please start Ollama first.");
    }
    if (failure->status == 404) {
        const std::string id = get_model().id;
        throw ProviderError("Error", "Model " + id +
                                         " not found in Ollama. Please pull the model first with: "
                                         "ollama pull " +
                                         id);
    }
    throw *failure;
}

Task<void> NativeOllamaHandler::stream_chat(OllamaClient& client, const std::string& model_id,
                                            OrderedJson ollama_messages, ChunkSink& sink) {
    OrderedJson request = OrderedJson::object({});
    request.set("model", OrderedJson::string(model_id));
    request.set("messages", std::move(ollama_messages));
    request.set("stream", OrderedJson::boolean(true));
    request.set("options", chat_options(model_id));
    OllamaMessageStream stream(co_await client.post("chat", std::move(request)));

    XmlMatcher matcher("think");
    double total_input_tokens = 0;
    double total_output_tokens = 0;
    std::optional<std::string> stream_error;
    try {
        while (std::optional<OrderedJson> chunk = co_await stream.next()) {
            const OrderedJson* content = js::get(js::get(&*chunk, "message"), "content");
            if (js::is_string(content))
                emit_xml_matcher_results(matcher.update(content->as_string()), sink);
            const OrderedJson* eval_count = js::get(&*chunk, "eval_count");
            const OrderedJson* prompt_eval_count = js::get(&*chunk, "prompt_eval_count");
            if (eval_count != nullptr || prompt_eval_count != nullptr) {
                if (const auto count = truthy_count(prompt_eval_count)) total_input_tokens = *count;
                if (const auto count = truthy_count(eval_count)) total_output_tokens = *count;
            }
        }
        emit_xml_matcher_results(matcher.final(), sink);
        if (total_input_tokens > 0 || total_output_tokens > 0) {
            ApiStreamUsage usage;
            usage.input_tokens = total_input_tokens;
            usage.output_tokens = total_output_tokens;
            sink.on_chunk(ApiStreamChunk::usage_chunk(usage));
        }
    } catch (const ProviderError& error) {
        // console.error("Error processing Ollama stream:", streamError)
        stream_error = error.message().empty() ? std::string("Unknown error") : error.message();
    }
    if (stream_error)
        throw ProviderError("Error", "Ollama stream processing error: " + *stream_error);
}

Task<std::string> NativeOllamaHandler::complete_prompt(std::string prompt) {
    std::optional<ProviderError> failure;
    std::string text;
    try {
        OllamaClient& client = ensure_client();
        const ApiModel model = co_await fetch_model();
        OrderedJson request = OrderedJson::object({});
        request.set("model", OrderedJson::string(model.id));
        request.set(
            "messages",
            OrderedJson::array({OrderedJson::object({{"role", OrderedJson::string("user")},
                                                     {"content", OrderedJson::string(prompt)}})}));
        request.set("stream", OrderedJson::boolean(false));
        request.set("options", chat_options(model.id));
        std::unique_ptr<HttpResponse> response = co_await client.post("chat", std::move(request));
        const OrderedJson body = co_await read_json_body(*response);
        // response.message?.content || ""
        const OrderedJson* message = js::get(&body, "message");
        const OrderedJson* content =
            message != nullptr && !message->is_null() ? js::get(message, "content") : nullptr;
        text = js::truthy(content) ? js::text_of(content) : std::string();
    } catch (const ProviderError& error) {
        failure = ProviderError("Error", "Ollama completion error: " + error.message());
    }
    if (failure) throw *failure;
    co_return text;
}

}  // namespace lapce_ai::providers
