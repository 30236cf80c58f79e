#include "qwen_code_handler.h"

#include "chat_completion_access.h"
#include "model_tables.h"
#include "openai_format.h"
#include "openai_handler.h"
#include "qwen_oauth_credentials.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson message(const char* role, std::string content) {
    OrderedJson object = js_object();
    object.set("role", OrderedJson::string(role));
    object.set("content", OrderedJson::string(std::move(content)));
    return object;
}

// newText.split(/<\/?think>/g): the pieces between the tags.
std::vector<std::string> split_think_tags(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t at = 0;
    for (;;) {
        const std::size_t open = text.find("<think>", at);
        const std::size_t close = text.find("</think>", at);
        const std::size_t tag = std::min(open, close);
        if (tag == std::string::npos) break;
        parts.push_back(text.substr(at, tag - at));
        at = tag + (tag == open ? 7 : 8);
    }
    parts.push_back(text.substr(at));
    return parts;
}

}  // namespace

QwenCodeHandler::QwenCodeHandler(ProviderSettings options, const ProviderContext& context)
    : options_(std::move(options)), context_(context) {}

ApiModel QwenCodeHandler::get_model() {
    ApiModel model;
    model.id = options_.string("apiModelId").value_or(default_model_id("qwen-code"));
    model.info = find_model_info("qwen-code", model.id)
                     .value_or(*find_model_info("qwen-code", default_model_id("qwen-code")));
    return model;
}

std::string QwenCodeHandler::credential_path() const {
    return qwen_cached_credential_path(options_.string("qwenCodeOauthPath"), context_);
}

void QwenCodeHandler::update_client() {
    StainlessClientOptions client;
    client.flavor = StainlessClientOptions::Flavor::OpenAi;
    client.base_url = qwen_base_url(*credentials_);
    client.auth_headers = {
        {"Authorization", "Bearer " + js::text_of(js::get(*credentials_, "access_token"))}};
    // No DEFAULT_HEADERS here: the SDK's own user agent goes out.
    client.default_headers = {{"User-Agent", "OpenAI/JS 5.12.2"}};
    client_ = std::make_unique<StainlessClient>(std::move(client), *context_.http);
}

Task<void> QwenCodeHandler::refresh_credentials() {
    credentials_ = co_await refresh_qwen_access_token(*credentials_, credential_path(), context_);
    update_client();
}

Task<void> QwenCodeHandler::ensure_authenticated() {
    if (!credentials_) credentials_ = load_cached_qwen_credentials(credential_path());
    if (!is_qwen_token_valid(*credentials_, context_.now())) {
        credentials_ =
            co_await refresh_qwen_access_token(*credentials_, credential_path(), context_);
    }
    update_client();
}

Task<std::unique_ptr<HttpResponse>> QwenCodeHandler::call_api_with_retry(const OrderedJson& body) {
    std::unique_ptr<HttpResponse> response;
    bool unauthorized = false;
    try {
        response = co_await client_->request("POST", "/chat/completions", body);
    } catch (const ProviderError& error) {
        if (error.status != 401) throw;
        unauthorized = true;
    }
    if (!unauthorized) co_return response;
    // The token expired: refresh it and try once more.
    co_await refresh_credentials();
    co_return co_await client_->request("POST", "/chat/completions", body);
}

Task<void> QwenCodeHandler::create_message(std::string system_prompt, OrderedJson messages,
                                           ApiHandlerCreateMessageMetadata /*metadata*/,
                                           ChunkSink& sink) {
    co_await ensure_authenticated();
    const ApiModel model = get_model();

    OrderedJson converted = OrderedJson::array({message("system", system_prompt)});
    const OrderedJson openai_messages = convert_to_openai_messages(messages);
    for (const OrderedJson& item : openai_messages.items()) converted.push_back(item);
    OrderedJson body = js_object();
    body.set("model", OrderedJson::string(model.id));
    body.set("temperature", OrderedJson::number(0));
    body.set("messages", std::move(converted));
    body.set("stream", OrderedJson::boolean(true));
    OrderedJson stream_options = js_object();
    stream_options.set("include_usage", OrderedJson::boolean(true));
    body.set("stream_options", std::move(stream_options));
    js::set_defined(body, "max_completion_tokens", model.info.value("maxTokens"));

    OpenAiChunkStream stream(co_await call_api_with_retry(body));
    // Some responses repeat everything streamed so far: only the new tail counts.
    std::string full_content;
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        const OrderedJson* delta = js_get(first_choice(*chunk), "delta");
        const OrderedJson* content = js_get(delta, "content");
        if (js_truthy(content) && content->is_string()) {
            std::string new_text = content->as_string();
            if (new_text.starts_with(full_content)) new_text.erase(0, full_content.size());
            full_content = content->as_string();
            if (!new_text.empty()) {
                if (new_text.find("<think>") != std::string::npos ||
                    new_text.find("</think>") != std::string::npos) {
                    const std::vector<std::string> parts = split_think_tags(new_text);
                    for (std::size_t i = 0; i < parts.size(); ++i) {
                        if (parts[i].empty()) continue;
                        sink.on_chunk(i % 2 == 0 ? ApiStreamChunk::text_chunk(parts[i])
                                                 : ApiStreamChunk::reasoning_chunk(parts[i]));
                    }
                } else {
                    sink.on_chunk(ApiStreamChunk::text_chunk(std::move(new_text)));
                }
            }
        }
        if (const OrderedJson* reasoning = js_get(delta, "reasoning_content");
            js_truthy(reasoning)) {
            sink.on_chunk(ApiStreamChunk::reasoning_chunk(js_string(reasoning).value_or("")));
        }
        if (const OrderedJson* usage = js_get(&*chunk, "usage"); js_truthy(usage)) {
            ApiStreamUsage result;
            result.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
            result.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
            sink.on_chunk(ApiStreamChunk::usage_chunk(result));
        }
    }
}

Task<std::string> QwenCodeHandler::complete_prompt(std::string prompt) {
    co_await ensure_authenticated();
    const ApiModel model = get_model();
    OrderedJson body = js_object();
    body.set("model", OrderedJson::string(model.id));
    body.set("messages", OrderedJson::array({message("user", std::move(prompt))}));
    js::set_defined(body, "max_completion_tokens", model.info.value("maxTokens"));
    std::unique_ptr<HttpResponse> response = co_await call_api_with_retry(body);
    const OrderedJson result = co_await read_json_body(*response);
    // response.choices[0]?.message.content || ""
    const OrderedJson* choice = first_choice(result);
    const OrderedJson* content = choice == nullptr || choice->is_null()
                                     ? nullptr
                                     : js::get(js_get(choice, "message"), "content");
    co_return js_truthy(content) ? js::text_of(content) : std::string();
}

}  // namespace lapce_ai::providers
