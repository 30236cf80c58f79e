#include "huggingface_handler.h"

#include "default_headers.h"
#include "huggingface.h"
#include "json_access.h"
#include "openai_handler.h"
#include "router_provider.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kProviderName = "HuggingFace";
constexpr const char* kDefaultModelId = "meta-llama/Llama-3.3-70B-Instruct";

}  // namespace

HuggingFaceHandler::HuggingFaceHandler(const ProviderSettings& options,
                                       const ProviderContext& context)
    : options_(options), context_(context) {
    if (!options_.truthy("huggingFaceApiKey"))
        throw ProviderError("Error", "Hugging Face API key is required");
    client_ = make_openai_sdk_client("https://router.huggingface.co/v1",
                                     *options_.string("huggingFaceApiKey"), default_headers(),
                                     *context.http);
    model_cache_ = get_cached_hugging_face_models(*context.model_caches);
    // Not awaited: requests go on while the list loads.
    models_fetch_ = fetch_models();
    models_fetch_.start([](std::exception_ptr) {});
}

Task<void> HuggingFaceHandler::fetch_models() {
    try {
        model_cache_ = co_await get_hugging_face_models(*context_.http, *context_.model_caches);
    } catch (const ProviderError&) {
        // "Failed to fetch HuggingFace models:" is logged by the reference; the list stays.
    }
}

std::string HuggingFaceHandler::model_id() const {
    return options_.truthy("huggingFaceModelId") ? *options_.string("huggingFaceModelId")
                                                 : std::string(kDefaultModelId);
}

Task<void> HuggingFaceHandler::create_message(std::string system_prompt, OrderedJson messages,
                                              ApiHandlerCreateMessageMetadata /*metadata*/,
                                              ChunkSink& sink) {
    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id()));
    request.set("temperature",
                OrderedJson::number(options_.number("modelTemperature").value_or(0.7)));
    request.set("messages", system_and_openai_messages(system_prompt, messages));
    request.set("stream", OrderedJson::boolean(true));
    OrderedJson stream_options = js_object();
    stream_options.set("include_usage", OrderedJson::boolean(true));
    request.set("stream_options", std::move(stream_options));
    if (options_.truthy("includeMaxTokens") && options_.truthy("modelMaxTokens"))
        request.set("max_tokens", *options_.value("modelMaxTokens"));

    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await client_->request("POST", "/chat/completions", request);
    } catch (const ProviderError& error) {
        failure = handle_openai_error(error, kProviderName);
    }
    if (failure) throw *failure;

    OpenAiChunkStream stream(std::move(response));
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        const OrderedJson* content = js_get(first_choice_delta(*chunk), "content");
        if (js_truthy(content))
            sink.on_chunk(ApiStreamChunk::text_chunk(
                js_string(content).value_or(json::js_to_string(*content))));
        if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage)) {
            ApiStreamUsage usage_data;
            usage_data.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
            usage_data.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
            sink.on_chunk(ApiStreamChunk::usage_chunk(usage_data));
        }
    }
}

Task<std::string> HuggingFaceHandler::complete_prompt(std::string prompt) {
    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id()));
    request.set("messages", OrderedJson::array({chat_message("user", prompt)}));
    OrderedJson body;
    std::optional<ProviderError> failure;
    try {
        std::unique_ptr<HttpResponse> response =
            co_await client_->request("POST", "/chat/completions", request);
        body = co_await read_json_body(*response);
    } catch (const ProviderError& error) {
        failure = handle_openai_error(error, kProviderName);
    }
    if (failure) throw *failure;
    co_return first_choice_content(body);
}

ApiModel HuggingFaceHandler::get_model() {
    ApiModel model;
    model.id = model_id();
    if (model_cache_) {
        if (const auto found = model_cache_->find(model.id); found != model_cache_->end()) {
            model.info = found->second;
            return model;
        }
    }
    // Defaults when the model is not (yet) in the list.
    OrderedJson info = js_object();
    info.set("maxTokens", OrderedJson::number(8192));
    info.set("contextWindow", OrderedJson::number(131072));
    info.set("supportsImages", OrderedJson::boolean(false));
    info.set("supportsPromptCache", OrderedJson::boolean(false));
    model.info = ModelInfo(std::move(info));
    return model;
}

}  // namespace lapce_ai::providers
