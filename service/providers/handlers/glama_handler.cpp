#include "glama_handler.h"

#include "axios_get.h"
#include "caching/anthropic.h"
#include "cost.h"
#include "json_access.h"
#include "model_tables.h"
#include "openai_handler.h"
#include "sleep.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// X-Glama-Metadata: {labels: [{key: "app", value: `vscode.${publisher}.${name}`}]}
HeaderList glama_headers() {
    return {{"X-Glama-Metadata",
             R"({"labels":[{"key":"app","value":"vscode.RooVeterinaryInc.roo-cline"}]})"}};
}

std::optional<double> number_of(const OrderedJson* value) {
    return value != nullptr && value->type() == OrderedJson::Type::Number
               ? std::optional<double>(value->as_number())
               : std::nullopt;
}

}  // namespace

GlamaHandler::GlamaHandler(const ProviderSettings& options, const ProviderContext& context)
    : RouterProvider({options, "glama", "https://glama.ai/api/gateway/openai/v1",
                      options.string("glamaApiKey"), options.string("glamaModelId"),
                      model_constant_string("glamaDefaultModelId"),
                      ModelInfo(model_constant("glamaDefaultModelInfo"))},
                     context) {}

Task<void> GlamaHandler::create_message(std::string system_prompt, OrderedJson messages,
                                        ApiHandlerCreateMessageMetadata /*metadata*/,
                                        ChunkSink& sink) {
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;

    OrderedJson openai_messages = system_and_openai_messages(system_prompt, messages);
    if (model_id.starts_with("anthropic/claude-3"))
        caching::anthropic::add_cache_breakpoints(system_prompt, openai_messages);

    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id));
    // Required by Anthropic; other providers default to the most tokens allowed.
    if (model_id.starts_with("anthropic/")) {
        if (const OrderedJson* max = model.info.value("maxTokens"); max && !max->is_null())
            request.set("max_tokens", *max);
    }
    request.set("messages", std::move(openai_messages));
    request.set("stream", OrderedJson::boolean(true));
    if (supports_temperature(model_id)) {
        request.set(
            "temperature",
            OrderedJson::number(options_.number("modelTemperature")
                                    .value_or(model_constant_number("GLAMA_DEFAULT_TEMPERATURE"))));
    }

    std::unique_ptr<HttpResponse> response =
        co_await client_->request("POST", "/chat/completions", request, glama_headers());
    // headers.get(): null when absent, which the URL below prints as "null".
    const std::string completion_request_id =
        response->header("x-completion-request-id").value_or("null").toStdString();

    OpenAiChunkStream stream(std::move(response));
    while (std::optional<OrderedJson> chunk = co_await stream.next()) {
        const OrderedJson* content = js_get(first_choice_delta(*chunk), "content");
        if (js_truthy(content))
            sink.on_chunk(ApiStreamChunk::text_chunk(
                js_string(content).value_or(json::js_to_string(*content))));
    }
    co_await report_completion_usage(completion_request_id, sink);
}

Task<void> GlamaHandler::report_completion_usage(std::string completion_request_id,
                                                 ChunkSink& sink) {
    AxiosGetOptions options;
    const std::optional<std::string> key = options_.string("glamaApiKey");
    options.headers = {{"Authorization", "Bearer " + key.value_or("undefined")}};
    const std::string url =
        "https://glama.ai/api/gateway/v1/completion-requests/" + completion_request_id;
    // An interrupted request is still being processed upstream: its usage and cost appear
    // once it finishes.
    for (int attempt = 0; attempt < 10; ++attempt) {
        OrderedJson completion_request;
        bool failed = false;
        try {
            completion_request = co_await axios_get(*context_.http, url, options);
        } catch (const ProviderError&) {
            failed = true;  // "Error fetching Glama completion details" (logged)
        }
        if (failed) co_return;

        const OrderedJson* token_usage = js_get(&completion_request, "tokenUsage");
        const OrderedJson* total_cost = js_get(&completion_request, "totalCostUsd");
        if (js_truthy(token_usage) && js_truthy(total_cost)) {
            ApiStreamUsage usage;
            usage.cache_write_tokens = number_of(js_get(token_usage, "cacheCreationInputTokens"));
            usage.cache_read_tokens = number_of(js_get(token_usage, "cacheReadInputTokens"));
            usage.input_tokens = number_of(js_get(token_usage, "promptTokens")).value_or(0);
            usage.output_tokens = number_of(js_get(token_usage, "completionTokens")).value_or(0);
            usage.total_cost =
                js_parse_float(total_cost->is_string() ? total_cost->as_string()
                                                       : json::js_to_string(*total_cost));
            sink.on_chunk(ApiStreamChunk::usage_chunk(usage));
            co_return;
        }
        co_await sleep_for(std::chrono::milliseconds(200));
    }
}

Task<std::string> GlamaHandler::complete_prompt(std::string prompt) {
    const ApiModel model = co_await fetch_model();
    const std::string& model_id = model.id;
    std::optional<ProviderError> failure;
    std::string text;
    try {
        OrderedJson request = js_object();
        request.set("model", OrderedJson::string(model_id));
        request.set("messages", OrderedJson::array({chat_message("user", prompt)}));
        if (supports_temperature(model_id)) {
            request.set("temperature", OrderedJson::number(options_.number("modelTemperature")
                                                               .value_or(model_constant_number(
                                                                   "GLAMA_DEFAULT_TEMPERATURE"))));
        }
        if (model_id.starts_with("anthropic/")) {
            if (const OrderedJson* max = model.info.value("maxTokens"))
                request.set("max_tokens", *max);
        }
        std::unique_ptr<HttpResponse> response =
            co_await client_->request("POST", "/chat/completions", request);
        text = first_choice_content(co_await read_json_body(*response));
    } catch (const ProviderError& error) {
        failure = prefixed_error("Glama completion error: ", error);
    }
    if (failure) throw *failure;
    co_return text;
}

}  // namespace lapce_ai::providers
