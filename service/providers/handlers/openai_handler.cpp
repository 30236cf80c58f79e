#include "openai_handler.h"

#include <QUrl>

#include "default_headers.h"
#include "fetch_errors.h"
#include "js_json_parse.h"
#include "json_access.h"
#include "model_params.h"
#include "model_tables.h"
#include "openai_format.h"
#include "r1_format.h"
#include "simple_format.h"
#include "sse_message_reader.h"
#include "xml_matcher.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// new URL(baseUrl ?? "").host, "" when it does not parse.
std::string url_host(const std::optional<std::string>& base_url) {
    const QUrl url(QString::fromStdString(base_url.value_or("")), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) return {};
    std::string host = url.host().toStdString();
    if (url.port() != -1) host += ":" + std::to_string(url.port());
    return host;
}

bool is_azure_ai_inference(const std::optional<std::string>& base_url) {
    return url_host(base_url).ends_with(".services.ai.azure.com");
}

bool is_grok_xai(const std::optional<std::string>& base_url) {
    return url_host(base_url).find("x.ai") != std::string::npos;
}

OrderedJson text_part(const std::string& text) {
    OrderedJson part = js_object();
    part.set("type", OrderedJson::string("text"));
    part.set("text", OrderedJson::string(text));
    return part;
}

OrderedJson message(const char* role, OrderedJson content) {
    OrderedJson object = js_object();
    object.set("role", OrderedJson::string(role));
    object.set("content", std::move(content));
    return object;
}

OrderedJson ephemeral() {
    OrderedJson object = js_object();
    object.set("type", OrderedJson::string("ephemeral"));
    return object;
}

OrderedJson concat(OrderedJson first, const OrderedJson& rest) {
    OrderedJson list = OrderedJson::array({});
    if (!first.is_null()) list.push_back(std::move(first));
    for (const OrderedJson& item : rest.items()) list.push_back(item);
    return list;
}

// [{role: "user", content: systemPrompt}, ...messages]
OrderedJson with_system_as_user(const std::string& system_prompt, const OrderedJson& messages) {
    return concat(message("user", OrderedJson::string(system_prompt)), messages);
}

}  // namespace

ProviderError handle_openai_error(const std::exception& error, const std::string& provider_name) {
    const auto* provider_error = dynamic_cast<const ProviderError*>(&error);
    const std::string msg =
        provider_error != nullptr ? provider_error->message() : std::string(error.what());
    if (msg.find("Cannot convert argument to a ByteString") != std::string::npos)
        return ProviderError("Error", "API key contains invalid characters.");
    return ProviderError("Error", provider_name + " completion error: " + msg);
}

OpenAiHandler::OpenAiHandler(ProviderSettings options, const ProviderContext& context)
    : options_(std::move(options)) {
    const std::string base_url =
        options_.string("openAiBaseUrl").value_or("https://api.openai.com/v1");
    const std::string api_key = options_.string("openAiApiKey").value_or("not-provided");
    const bool azure_ai_inference = is_azure_ai_inference(options_.string("openAiBaseUrl"));
    const std::string host = url_host(options_.string("openAiBaseUrl"));
    const bool azure_openai =
        host == "azure.com" || host.ends_with(".azure.com") || options_.truthy("openAiUseAzure");

    StainlessClientOptions client;
    client.flavor = StainlessClientOptions::Flavor::OpenAi;
    client.base_url = base_url;
    client.timeout = context.api_request_timeout;
    client.default_headers = default_headers();
    if (const OrderedJson* custom = options_.value("openAiHeaders");
        custom && custom->is_object()) {
        for (const json::OrderedJsonMember& header : custom->members()) {
            if (header.value.is_string())
                client.default_headers.emplace_back(header.key, header.value.as_string());
        }
    }
    if (azure_ai_inference) {
        client.auth_headers = {{"Authorization", "Bearer " + api_key}};
        client.default_query = {
            {"api-version", options_.string("azureApiVersion").value_or("2024-05-01-preview")}};
    } else if (azure_openai) {
        client.azure_deployments = true;
        client.auth_headers = {{"api-key", api_key}};
        const std::string version = options_.truthy("azureApiVersion")
                                        ? *options_.string("azureApiVersion")
                                        : model_constant_string("azureOpenAiDefaultApiVersion");
        client.default_query = {{"api-version", version}};
    } else {
        client.auth_headers = {{"Authorization", "Bearer " + api_key}};
    }
    client_ = std::make_unique<StainlessClient>(std::move(client), *context.http);
}

ApiModel OpenAiHandler::get_model() {
    ApiModel model;
    model.id = options_.string("openAiModelId").value_or("");
    const OrderedJson* custom = options_.value("openAiCustomModelInfo");
    model.info = custom != nullptr && !custom->is_null()
                     ? ModelInfo(*custom)
                     : ModelInfo(model_constant("openAiModelInfoSaneDefaults"));
    model.params = get_model_params("openai", model.id, model.info, options_);
    return model;
}

void OpenAiHandler::add_max_tokens_if_needed(OrderedJson& request_options,
                                             const ModelInfo& model_info) {
    if (options_.boolean("includeMaxTokens") == true) {
        const std::optional<double> configured =
            options_.truthy("modelMaxTokens") ? options_.number("modelMaxTokens") : std::nullopt;
        if (configured) {
            request_options.set("max_completion_tokens", OrderedJson::number(*configured));
        } else if (const OrderedJson* max = model_info.value("maxTokens")) {
            request_options.set("max_completion_tokens", *max);
        }
    }
}

ApiStreamUsage OpenAiHandler::process_usage_metrics(const OrderedJson* usage) {
    ApiStreamUsage result;
    result.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
    result.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
    result.cache_write_tokens = js_truthy_number(js_get(usage, "cache_creation_input_tokens"));
    result.cache_read_tokens = js_truthy_number(js_get(usage, "cache_read_input_tokens"));
    return result;
}

Task<std::unique_ptr<HttpResponse>> OpenAiHandler::create_chat_completion(const OrderedJson& body,
                                                                          bool azure_ai_inference) {
    const std::string path = azure_ai_inference
                                 ? model_constant_string("OPENAI_AZURE_AI_INFERENCE_PATH")
                                 : std::string("/chat/completions");
    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await client_->request("POST", path, body);
    } catch (const ProviderError& error) {
        failure = handle_openai_error(error, provider_name_);
    }
    if (failure) throw *failure;
    co_return response;
}

Task<void> OpenAiHandler::create_message(std::string system_prompt, OrderedJson messages,
                                         ApiHandlerCreateMessageMetadata /*metadata*/,
                                         ChunkSink& sink) {
    const ApiModel model = get_model();
    const ModelInfo& model_info = model.info;
    const std::optional<std::string> base_url = options_.string("openAiBaseUrl");
    const std::string model_url = base_url.value_or("");
    const std::string model_id = options_.string("openAiModelId").value_or("");
    const bool enabled_r1_format = options_.boolean("openAiR1FormatEnabled").value_or(false);
    const bool enabled_legacy_format = options_.boolean("openAiLegacyFormat").value_or(false);
    const bool azure_ai_inference = is_azure_ai_inference(model_url);
    const bool deepseek_reasoner =
        model_id.find("deepseek-reasoner") != std::string::npos || enabled_r1_format;
    const bool ark = model_url.find(".volces.com") != std::string::npos;

    if (model_id.find("o1") != std::string::npos || model_id.find("o3") != std::string::npos ||
        model_id.find("o4") != std::string::npos) {
        co_await handle_o3_family_message(model_id, system_prompt, messages, sink);
        co_return;
    }

    if (options_.boolean("openAiStreamingEnabled").value_or(true)) {
        OrderedJson system_message = message("system", OrderedJson::string(system_prompt));
        OrderedJson converted;
        if (deepseek_reasoner) {
            converted = convert_to_r1_format(with_system_as_user(system_prompt, messages));
        } else if (ark || enabled_legacy_format) {
            converted = concat(system_message, convert_to_simple_messages(messages));
        } else {
            if (model_info.supports_prompt_cache()) {
                OrderedJson part = text_part(system_prompt);
                part.set("cache_control", ephemeral());
                system_message = message("system", OrderedJson::array({part}));
            }
            converted = concat(system_message, convert_to_openai_messages(messages));
            if (model_info.supports_prompt_cache()) {
                // The last two user messages get a cache breakpoint on their last text part.
                std::vector<OrderedJson*> user_messages;
                for (OrderedJson& item : converted.mutable_items()) {
                    if (js_string(js_get(&item, "role")) == "user") user_messages.push_back(&item);
                }
                const std::size_t first = user_messages.size() > 2 ? user_messages.size() - 2 : 0;
                for (std::size_t i = first; i < user_messages.size(); ++i) {
                    OrderedJson& msg = *user_messages[i];
                    OrderedJson* content = msg.mutable_find("content");
                    if (content != nullptr && content->is_string())
                        *content = OrderedJson::array({text_part(content->as_string())});
                    if (content != nullptr && content->is_array()) {
                        OrderedJson* last_text = nullptr;
                        for (OrderedJson& part : content->mutable_items()) {
                            if (js_string(js_get(&part, "type")) == "text") last_text = &part;
                        }
                        if (last_text == nullptr) {
                            content->push_back(text_part("..."));
                            last_text = &content->mutable_items().back();
                        }
                        last_text->set("cache_control", ephemeral());
                    }
                }
            }
        }

        OrderedJson request = js_object();
        request.set("model", OrderedJson::string(model_id));
        const std::optional<double> temperature = options_.number("modelTemperature");
        request.set("temperature",
                    OrderedJson::number(
                        temperature ? *temperature
                                    : (deepseek_reasoner
                                           ? model_constant_number("DEEP_SEEK_DEFAULT_TEMPERATURE")
                                           : 0)));
        request.set("messages", std::move(converted));
        request.set("stream", OrderedJson::boolean(true));
        if (!is_grok_xai(base_url)) {
            OrderedJson stream_options = js_object();
            stream_options.set("include_usage", OrderedJson::boolean(true));
            request.set("stream_options", std::move(stream_options));
        }
        if (model.params && model.params->reasoning.is_object()) {
            for (const json::OrderedJsonMember& field : model.params->reasoning.members())
                request.set(field.key, field.value);
        }
        add_max_tokens_if_needed(request, model_info);

        OpenAiChunkStream stream(co_await create_chat_completion(request, azure_ai_inference));
        XmlMatcher matcher("think");
        OrderedJson last_usage;
        while (std::optional<OrderedJson> chunk = co_await stream.next()) {
            const OrderedJson* delta = js_get(js_at(js_get(&*chunk, "choices"), 0), "delta");
            if (const OrderedJson* content = js_get(delta, "content");
                js_truthy(content) && content->is_string()) {
                emit_xml_matcher_results(matcher.update(content->as_string()), sink);
            }
            if (const OrderedJson* reasoning = js_get(delta, "reasoning_content");
                js_truthy(reasoning)) {
                sink.on_chunk(ApiStreamChunk::reasoning_chunk(js_string(reasoning).value_or("")));
            }
            if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage))
                last_usage = *usage;
        }
        emit_xml_matcher_results(matcher.final(), sink);
        if (js_truthy(&last_usage))
            sink.on_chunk(ApiStreamChunk::usage_chunk(process_usage_metrics(&last_usage)));
        co_return;
    }

    // o1 for instance doesn't support streaming, non-1 temperature, or a system prompt.
    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id));
    if (deepseek_reasoner) {
        request.set("messages", convert_to_r1_format(with_system_as_user(system_prompt, messages)));
    } else if (enabled_legacy_format) {
        request.set("messages", concat(message("user", OrderedJson::string(system_prompt)),
                                       convert_to_simple_messages(messages)));
    } else {
        request.set("messages", concat(message("user", OrderedJson::string(system_prompt)),
                                       convert_to_openai_messages(messages)));
    }
    add_max_tokens_if_needed(request, model_info);
    std::unique_ptr<HttpResponse> response =
        co_await create_chat_completion(request, is_azure_ai_inference(model_url));
    const OrderedJson body = co_await read_json_body(*response);
    const OrderedJson* content =
        js_get(js_get(js_at(js_get(&body, "choices"), 0), "message"), "content");
    sink.on_chunk(ApiStreamChunk::text_chunk(js_truthy(content) ? js_string(content).value_or("")
                                                                : std::string()));
    sink.on_chunk(ApiStreamChunk::usage_chunk(process_usage_metrics(js_get(&body, "usage"))));
}

Task<void> OpenAiHandler::handle_o3_family_message(std::string model_id, std::string system_prompt,
                                                   const OrderedJson& messages, ChunkSink& sink) {
    const ModelInfo model_info = get_model().info;
    const bool azure_ai_inference = is_azure_ai_inference(options_.string("openAiBaseUrl"));
    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id));
    request.set(
        "messages",
        concat(message("developer", OrderedJson::string("Formatting re-enabled\n" + system_prompt)),
               convert_to_openai_messages(messages)));
    const bool streaming = options_.boolean("openAiStreamingEnabled").value_or(true);
    if (streaming) {
        request.set("stream", OrderedJson::boolean(true));
        if (!is_grok_xai(options_.string("openAiBaseUrl"))) {
            OrderedJson stream_options = js_object();
            stream_options.set("include_usage", OrderedJson::boolean(true));
            request.set("stream_options", std::move(stream_options));
        }
    }
    // reasoning_effort: modelInfo.reasoningEffort (undefined ones vanish in JSON)
    if (const OrderedJson* effort = model_info.value("reasoningEffort");
        effort && !effort->is_null())
        request.set("reasoning_effort", *effort);
    add_max_tokens_if_needed(request, model_info);

    if (streaming) {
        OpenAiChunkStream stream(co_await create_chat_completion(request, azure_ai_inference));
        while (std::optional<OrderedJson> chunk = co_await stream.next()) {
            const OrderedJson* delta = js_get(js_at(js_get(&*chunk, "choices"), 0), "delta");
            if (const OrderedJson* content = js_get(delta, "content"); js_truthy(content)) {
                sink.on_chunk(ApiStreamChunk::text_chunk(js_string(content).value_or("")));
            }
            if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage)) {
                ApiStreamUsage result;
                result.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
                result.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
                sink.on_chunk(ApiStreamChunk::usage_chunk(result));
            }
        }
        co_return;
    }
    std::unique_ptr<HttpResponse> response =
        co_await create_chat_completion(request, azure_ai_inference);
    const OrderedJson body = co_await read_json_body(*response);
    const OrderedJson* content =
        js_get(js_get(js_at(js_get(&body, "choices"), 0), "message"), "content");
    sink.on_chunk(ApiStreamChunk::text_chunk(js_truthy(content) ? js_string(content).value_or("")
                                                                : std::string()));
    sink.on_chunk(
        ApiStreamChunk::usage_chunk(OpenAiHandler::process_usage_metrics(js_get(&body, "usage"))));
}

Task<std::string> OpenAiHandler::complete_prompt(std::string prompt) {
    std::optional<ProviderError> failure;
    std::string text;
    try {
        const bool azure_ai_inference = is_azure_ai_inference(options_.string("openAiBaseUrl"));
        const ApiModel model = get_model();
        OrderedJson request = js_object();
        request.set("model", OrderedJson::string(model.id));
        request.set("messages", OrderedJson::array({message("user", OrderedJson::string(prompt))}));
        add_max_tokens_if_needed(request, model.info);
        std::unique_ptr<HttpResponse> response =
            co_await create_chat_completion(request, azure_ai_inference);
        const OrderedJson body = co_await read_json_body(*response);
        const OrderedJson* content =
            js_get(js_get(js_at(js_get(&body, "choices"), 0), "message"), "content");
        text = js_truthy(content) ? js_string(content).value_or("") : std::string();
    } catch (const ProviderError& error) {
        failure = ProviderError("Error", provider_name_ + " completion error: " + error.message());
    }
    if (failure) throw *failure;
    co_return text;
}

// ---- the SDK's stream and JSON body ----

struct OpenAiChunkStream::Reader {
    explicit Reader(HttpResponse& response) : messages(response, SseDecoder::Dialect::OpenAiSdk) {}
    SseMessageReader messages;
};

OpenAiChunkStream::OpenAiChunkStream(std::unique_ptr<HttpResponse> response)
    : response_(std::move(response)), reader_(std::make_unique<Reader>(*response_)) {}

OpenAiChunkStream::~OpenAiChunkStream() = default;

Task<std::optional<OrderedJson>> OpenAiChunkStream::next() {
    for (;;) {
        const SseMessage* sse = nullptr;
        std::optional<ProviderError> failure;
        try {
            sse = co_await reader_->messages.next();
        } catch (const TransportError& error) {
            failure = undici_fetch_error(error);
        }
        if (failure) throw *failure;
        if (!sse) co_return std::nullopt;
        if (done_) continue;
        if (sse->data.starts_with("[DONE]")) {
            done_ = true;
            continue;
        }
        auto parsed = json::js_json_parse(sse->data);
        if (!parsed) throw ProviderError("SyntaxError", parsed.error());
        if (!sse->event || !sse->event->starts_with("thread.")) {
            if (const OrderedJson* error = js_get(&*parsed, "error");
                js_truthy(&*parsed) && js_truthy(error))
                throw StainlessClient::stream_error(*error);
            co_return std::move(*parsed);
        }
        if (*sse->event == "error") {
            throw StainlessClient::stream_error(parsed->find("error") ? *parsed->find("error")
                                                                      : OrderedJson());
        }
        OrderedJson wrapped = js_object();
        wrapped.set("event", OrderedJson::string(*sse->event));
        wrapped.set("data", std::move(*parsed));
        co_return wrapped;
    }
}

Task<OrderedJson> read_json_body(HttpResponse& response) {
    QByteArray body;
    std::optional<ProviderError> failure;
    try {
        body = co_await response.read_all();
    } catch (const TransportError& error) {
        failure = undici_fetch_error(error);
    }
    if (failure) throw *failure;
    auto parsed = json::js_json_parse(body.toStdString());
    if (!parsed) throw ProviderError("SyntaxError", parsed.error());
    co_return std::move(*parsed);
}

}  // namespace lapce_ai::providers
