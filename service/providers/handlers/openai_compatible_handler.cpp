#include "openai_compatible_handler.h"

#include "chat_completion_access.h"
#include "cost.h"
#include "default_headers.h"
#include "model_params.h"
#include "model_tables.h"
#include "openai_format.h"
#include "openai_handler.h"
#include "r1_format.h"
#include "xml_matcher.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson message(const char* role, std::string content) {
    OrderedJson object = js_object();
    object.set("role", OrderedJson::string(role));
    object.set("content", OrderedJson::string(std::move(content)));
    return object;
}

// [first, ...rest]
OrderedJson prepend(OrderedJson first, const OrderedJson& rest) {
    std::vector<OrderedJson> items{std::move(first)};
    for (const OrderedJson& item : rest.items()) items.push_back(item);
    return OrderedJson::array(std::move(items));
}

std::string api_key_of(const OpenAiCompatibleProvider& provider, const ProviderSettings& options,
                       const ProviderContext& context) {
    if (provider.api_key_setting.empty()) {
        // RooHandler: sessionToken || "unauthenticated"
        std::optional<std::string> token =
            context.cloud_session_token ? context.cloud_session_token() : std::nullopt;
        return token && !token->empty() ? *token : std::string("unauthenticated");
    }
    std::optional<std::string> key = options.string(provider.api_key_setting);
    if (!key && provider.api_key_default) key = provider.api_key_default;
    if (provider.api_key_required && (!key || key->empty()))
        throw ProviderError("Error", "API key is required");
    return key.value_or("undefined");
}

}  // namespace

OpenAiCompatibleHandler::OpenAiCompatibleHandler(const OpenAiCompatibleProvider& provider,
                                                 ProviderSettings options,
                                                 const ProviderContext& context)
    : provider_(provider), options_(std::move(options)) {
    if (provider_.missing_key_message && !options_.truthy(provider_.api_key_setting))
        throw ProviderError("Error", *provider_.missing_key_message);
    model_table_ = provider_.model_table(options_);
    StainlessClientOptions client;
    client.flavor = StainlessClientOptions::Flavor::OpenAi;
    client.base_url = provider_.base_url(options_, context);
    client.auth_headers = {{"Authorization", "Bearer " + api_key_of(provider_, options_, context)}};
    client.default_headers = default_headers();
    client_ = std::make_unique<StainlessClient>(std::move(client), *context.http);
}

ApiModel OpenAiCompatibleHandler::get_model() {
    ApiModel model;
    const std::string default_id = default_model_id(model_table_);
    const std::optional<std::string> setting = options_.string(provider_.model_id_setting);
    std::optional<ModelInfo> info;
    if (provider_.model_lookup == ModelLookup::KnownIdOrDefault) {
        if (setting && !setting->empty()) info = find_model_info(model_table_, *setting);
        model.id = info ? *setting : default_id;
    } else {
        model.id = setting && !setting->empty() ? *setting : default_id;
        info = find_model_info(model_table_, model.id);
    }
    // The default id is always in its table, so the reference's fallback info is never used.
    model.info = info ? *info : find_model_info(model_table_, default_id).value_or(ModelInfo());
    if (provider_.reasoning == ReasoningSource::ThinkTagsForDeepSeekR1) {
        model.info.set(
            "temperature",
            OrderedJson::number(takes_r1_path(model.id)
                                    ? model_constant_number("DEEP_SEEK_DEFAULT_TEMPERATURE")
                                    : provider_.default_temperature));
    }
    if (provider_.model_params)
        model.params = get_model_params("openai", model.id, model.info, options_);
    return model;
}

bool OpenAiCompatibleHandler::takes_r1_path(const std::string& model_id) const {
    return provider_.reasoning == ReasoningSource::ThinkTagsForDeepSeekR1 &&
           model_id.find("DeepSeek-R1") != std::string::npos;
}

OrderedJson OpenAiCompatibleHandler::stream_body(const std::string& system_prompt,
                                                 const OrderedJson& messages,
                                                 const ApiModel& model) const {
    const bool r1 = takes_r1_path(model.id);
    OrderedJson body = js_object();
    body.set("model", OrderedJson::string(model.id));
    if (const OrderedJson* max_tokens = model.info.value("maxTokens"))
        body.set(provider_.max_tokens_field, *max_tokens);
    // The R1 path reads getModel().info.temperature, the others the provider's default: the
    // same number.
    const std::optional<double> temperature = options_.number("modelTemperature");
    body.set("temperature",
             OrderedJson::number(temperature
                                     ? *temperature
                                     : (r1 ? model_constant_number("DEEP_SEEK_DEFAULT_TEMPERATURE")
                                           : provider_.default_temperature)));
    body.set("messages",
             r1 ? convert_to_r1_format(prepend(message("user", system_prompt), messages))
                : prepend(message("system", system_prompt), convert_to_openai_messages(messages)));
    body.set("stream", OrderedJson::boolean(true));
    if (provider_.stream_options) {
        OrderedJson stream_options = js_object();
        stream_options.set("include_usage", OrderedJson::boolean(true));
        body.set("stream_options", std::move(stream_options));
    }
    if (model.params && model.params->reasoning.is_object()) {
        for (const json::OrderedJsonMember& field : model.params->reasoning.members())
            body.set(field.key, field.value);
    }
    return body;
}

Task<std::unique_ptr<HttpResponse>> OpenAiCompatibleHandler::create(const OrderedJson& body,
                                                                    HeaderList headers) {
    if (!provider_.wrap_create_errors)
        co_return co_await client_->request("POST", "/chat/completions", body, std::move(headers));
    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await client_->request("POST", "/chat/completions", body, std::move(headers));
    } catch (const ProviderError& error) {
        failure = handle_openai_error(error, provider_.provider_name);
    }
    if (failure) throw *failure;
    co_return response;
}

ApiStreamUsage OpenAiCompatibleHandler::usage_of(const OrderedJson& usage) {
    ApiStreamUsage result;
    result.input_tokens = js_number_or(js_get(&usage, "prompt_tokens"), 0);
    result.output_tokens = js_number_or(js_get(&usage, "completion_tokens"), 0);
    switch (provider_.usage) {
        case UsageMapping::Plain:
            break;
        case UsageMapping::GroqCachedCost: {
            const double cache_read =
                js_number_or(js_get(js_get(&usage, "prompt_tokens_details"), "cached_tokens"), 0);
            result.cache_write_tokens = 0;  // Groq does not track cache writes
            result.cache_read_tokens = cache_read;
            result.total_cost = calculate_api_cost_openai(get_model().info, result.input_tokens,
                                                          result.output_tokens, 0, cache_read);
            break;
        }
        case UsageMapping::XaiCache: {
            // prompt_tokens_details.cached_tokens, else the direct fields test mocks use.
            const OrderedJson* details = usage.find("prompt_tokens_details");
            const OrderedJson* cached = details != nullptr && details->is_object()
                                            ? details->find("cached_tokens")
                                            : nullptr;
            if (js_truthy(cached)) {
                result.cache_read_tokens = js_number(cached);
            } else if (const OrderedJson* read = usage.find("cache_read_input_tokens")) {
                result.cache_read_tokens = js_number(read);
            } else {
                result.cache_read_tokens = 0;
            }
            const OrderedJson* write = usage.find("cache_creation_input_tokens");
            result.cache_write_tokens = write != nullptr ? js_number(write) : 0;
            break;
        }
    }
    return result;
}

Task<void> OpenAiCompatibleHandler::create_message(std::string system_prompt, OrderedJson messages,
                                                   ApiHandlerCreateMessageMetadata metadata,
                                                   ChunkSink& sink) {
    const ApiModel model = get_model();
    const bool r1 = takes_r1_path(model.id);
    HeaderList headers;
    if (provider_.task_id_header && !metadata.task_id.empty())
        headers.emplace_back("X-Roo-Task-ID", metadata.task_id);

    OpenAiChunkStream stream(
        co_await create(stream_body(system_prompt, messages, model), std::move(headers)));
    XmlMatcher matcher("think");
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        const OrderedJson* delta = js_get(first_choice(*chunk), "delta");
        const OrderedJson* content = js_get(delta, "content");
        if (js_truthy(content)) {
            if (r1) {
                emit_xml_matcher_results(matcher.update(js_string(content).value_or("")), sink);
            } else {
                sink.on_chunk(ApiStreamChunk::text_chunk(js_string(content).value_or("")));
            }
        }
        const OrderedJson* reasoning = js_get(delta, "reasoning_content");
        if ((provider_.reasoning == ReasoningSource::ReasoningContentString && reasoning &&
             reasoning->is_string()) ||
            (provider_.reasoning == ReasoningSource::ReasoningContentTruthy &&
             js_truthy(reasoning))) {
            sink.on_chunk(ApiStreamChunk::reasoning_chunk(js_string(reasoning).value_or("")));
        }
        if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage))
            sink.on_chunk(ApiStreamChunk::usage_chunk(usage_of(*usage)));
    }
    if (r1) emit_xml_matcher_results(matcher.final(), sink);
}

Task<std::string> OpenAiCompatibleHandler::complete_prompt(std::string prompt) {
    const ApiModel model = get_model();
    OrderedJson body = js_object();
    body.set("model", OrderedJson::string(model.id));
    body.set("messages", OrderedJson::array({message("user", std::move(prompt))}));
    if (model.params && model.params->reasoning.is_object()) {
        for (const json::OrderedJsonMember& field : model.params->reasoning.members())
            body.set(field.key, field.value);
    }
    std::string text;
    std::optional<ProviderError> failure;
    try {
        std::unique_ptr<HttpResponse> response =
            co_await client_->request("POST", "/chat/completions", body);
        const OrderedJson result = co_await read_json_body(*response);
        // choices[0]?.message.content || ""
        const OrderedJson* choice = first_choice(result);
        const OrderedJson* content = choice == nullptr || choice->is_null()
                                         ? nullptr
                                         : js::get(js_get(choice, "message"), "content");
        text = js_truthy(content) ? js_string(content).value_or("") : std::string();
    } catch (const ProviderError& error) {
        failure = handle_openai_error(error, provider_.provider_name);
    }
    if (failure) throw *failure;
    co_return text;
}

}  // namespace lapce_ai::providers
