#include "cerebras_handler.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "cerebras_messages.h"
#include "default_headers.h"
#include "fetch_errors.h"
#include "js_access.h"
#include "js_json_parse.h"
#include "js_whitespace.h"
#include "json_access.h"
#include "line_splitter.h"
#include "model_tables.h"
#include "openai_format.h"
#include "openai_handler.h"
#include "xml_matcher.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kCerebrasBaseUrl = "https://api.cerebras.ai/v1";
constexpr double kCerebrasDefaultTemperature = 0;

OrderedJson message(const char* role, std::string content) {
    OrderedJson object = js_object();
    object.set("role", OrderedJson::string(role));
    object.set("content", OrderedJson::string(std::move(content)));
    return object;
}

// The common:errors.cerebras.* message of a failed response.
std::string status_message(int status, const std::string& detail) {
    if (status == 401)
        return "Cerebras API authentication failed. Please check your API key is valid and not "
               "expired.";
    if (status == 403)
        return "Cerebras API access forbidden. Your API key may not have access to the requested "
               "model or feature.";
    if (status == 429)
        return "Cerebras API rate limit exceeded. Please wait before making another request.";
    if (status >= 500)
        return "Cerebras API server error (" + std::to_string(status) +
               "). Please try again later.";
    return "Cerebras API Error (" + std::to_string(status) + "): " + detail;
}

// errorJson.error?.message || errorJson.message || JSON.stringify(errorJson, null, 2), and the
// body text (or "HTTP <status>") when that fails.
std::string error_detail(int status, const std::string& error_text) {
    auto parsed = json::js_json_parse(error_text);
    if (parsed && !parsed->is_null()) {
        if (const OrderedJson* nested = js_get(js_get(&*parsed, "error"), "message");
            js_truthy(nested))
            return js::text_of(nested);
        if (const OrderedJson* message = js_get(&*parsed, "message"); js_truthy(message))
            return js::text_of(message);
        return json::json_stringify(*parsed, 2);
    }
    return !error_text.empty() ? error_text : "HTTP " + std::to_string(status);
}

ProviderError completion_error(const std::string& message) {
    return ProviderError("Error", "Cerebras completion error: " + message);
}

// Node's fetch: the failure of a request, or of reading its body.
Task<std::string> read_text(HttpResponse& response) {
    QByteArray body;
    std::optional<ProviderError> failure;
    try {
        body = co_await response.read_all();
    } catch (const TransportError& error) {
        failure = undici_fetch_error(error);
    }
    if (failure) throw *failure;
    co_return body.toStdString();
}

}  // namespace

CerebrasHandler::CerebrasHandler(ProviderSettings options, const ProviderContext& context)
    : options_(std::move(options)), context_(context) {
    api_key_ = options_.truthy("cerebrasApiKey") ? *options_.string("cerebrasApiKey") : "";
    if (api_key_.empty()) throw ProviderError("Error", "Cerebras API key is required");
}

ApiModel CerebrasHandler::get_model() {
    const std::string original_id = options_.truthy("apiModelId") ? *options_.string("apiModelId")
                                                                  : default_model_id("cerebras");
    ApiModel model;
    // Both qwen coder entries are one model on the API; the free one keeps its own info.
    model.id = original_id == "qwen-3-coder-480b-free" ? "qwen-3-coder-480b" : original_id;
    model.info = find_model_info("cerebras", original_id).value_or(ModelInfo(OrderedJson()));
    return model;
}

Task<std::unique_ptr<HttpResponse>> CerebrasHandler::post(const OrderedJson& body) {
    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QString::fromStdString(std::string(kCerebrasBaseUrl) + "/chat/completions"));
    for (const auto& [name, value] : default_headers())
        request.set_header(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
    request.set_header("Content-Type", "application/json");
    request.set_header("Authorization", QByteArray::fromStdString("Bearer " + api_key_));
    request.set_header("Accept", "*/*");  // fetch's default
    request.body = QByteArray::fromStdString(json::json_stringify(body));
    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await context_.http->send(std::move(request));
    } catch (const TransportError& error) {
        failure = undici_fetch_error(error);
    }
    if (failure) throw *failure;
    co_return response;
}

Task<void> CerebrasHandler::create_message(std::string system_prompt, OrderedJson messages,
                                           ApiHandlerCreateMessageMetadata /*metadata*/,
                                           ChunkSink& sink) {
    const ApiModel model = get_model();
    // `info: { maxTokens }` of a model outside the table
    if (model.info.json().is_null())
        throw ProviderError("TypeError",
                            "Cannot read properties of undefined (reading 'maxTokens')");
    const std::optional<double> max_tokens = js_number(model.info.value("maxTokens"));
    const double temperature =
        options_.number("modelTemperature").value_or(kCerebrasDefaultTemperature);

    // OpenAI format first, then flattened (which also strips thinking tokens).
    const OrderedJson cerebras_messages =
        convert_to_cerebras_messages(convert_to_openai_messages(messages));
    OrderedJson all_messages = OrderedJson::array({message("system", system_prompt)});
    for (const OrderedJson& item : cerebras_messages.items()) all_messages.push_back(item);

    OrderedJson body = js_object();
    body.set("model", OrderedJson::string(model.id));
    body.set("messages", std::move(all_messages));
    body.set("stream", OrderedJson::boolean(true));
    if (max_tokens && *max_tokens > 0 && *max_tokens <= 32768)
        body.set("max_completion_tokens", OrderedJson::number(*max_tokens));
    if (temperature != kCerebrasDefaultTemperature)
        body.set("temperature", OrderedJson::number(std::max(0.0, std::min(1.5, temperature))));

    // The usage estimate when the API reports none: the text sent, and the output limit.
    std::string input_text = system_prompt;
    for (const OrderedJson& item : cerebras_messages.items())
        input_text += js::text_of(js_get(&item, "content"));

    std::optional<std::string> failure;
    try {
        co_await stream_response(body, input_text, max_tokens, sink);
    } catch (const ProviderError& error) {
        failure = error.message();
    }
    if (failure) throw completion_error(*failure);
}

Task<void> CerebrasHandler::stream_response(const OrderedJson& body, const std::string& input_text,
                                            std::optional<double> max_tokens, ChunkSink& sink) {
    std::unique_ptr<HttpResponse> response = co_await post(body);
    if (response->status() < 200 || response->status() > 299) {
        const int status = response->status();
        const std::string error_text = co_await read_text(*response);
        throw ProviderError("Error", status_message(status, error_detail(status, error_text)));
    }

    XmlMatcher matcher("think");
    LineSplitter splitter;
    double input_tokens = 0;
    double output_tokens = 0;
    for (;;) {
        std::optional<QByteArray> bytes;
        std::optional<ProviderError> failure;
        try {
            bytes = co_await response->read_some();
        } catch (const TransportError& error) {
            failure = undici_fetch_error(error);
        }
        if (failure) throw *failure;
        if (!bytes) break;
        std::vector<std::string> lines;
        auto fed = splitter.feed(std::string_view(bytes->constData(), bytes->size()),
                                 [&lines](std::string_view line) { lines.emplace_back(line); });
        if (!fed) throw ProviderError("Error", fed.error().message());
        for (const std::string& line : lines) {
            if (js_trim(line).empty() || !line.starts_with("data: ")) continue;
            const std::string_view json_text = js_trim(std::string_view(line).substr(6));
            if (json_text == "[DONE]") continue;
            // Malformed lines are skipped silently, as are lines whose reading throws.
            auto parsed = json::js_json_parse(json_text);
            if (!parsed || parsed->is_null()) continue;
            const OrderedJson* content =
                js_get(js_get(js_at(js_get(&*parsed, "choices"), 0), "delta"), "content");
            if (js_truthy(content) && content->is_string())
                emit_xml_matcher_results(matcher.update(content->as_string()), sink);
            if (const OrderedJson* usage = js_get(&*parsed, "usage"); js_truthy(usage)) {
                input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
                output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
            }
        }
    }
    emit_xml_matcher_results(matcher.final(), sink);

    // A rough estimate when the API reported no usage.
    if (input_tokens == 0 || output_tokens == 0) {
        if (input_tokens == 0)
            input_tokens = std::ceil(static_cast<double>(js::utf16_length(input_text)) / 4);
        if (output_tokens == 0)
            output_tokens = std::ceil((max_tokens && *max_tokens != 0 ? *max_tokens : 1000) / 10);
    }
    ApiStreamUsage usage;
    usage.input_tokens = input_tokens;
    usage.output_tokens = output_tokens;
    sink.on_chunk(ApiStreamChunk::usage_chunk(usage));
}

Task<std::string> CerebrasHandler::complete_prompt(std::string prompt) {
    std::optional<std::string> failure;
    std::string text;
    try {
        text = co_await fetch_completion(prompt);
    } catch (const ProviderError& error) {
        failure = error.message();
    }
    if (failure) throw completion_error(*failure);
    co_return text;
}

Task<std::string> CerebrasHandler::fetch_completion(const std::string& prompt) {
    OrderedJson body = js_object();
    body.set("model", OrderedJson::string(get_model().id));
    body.set("messages", OrderedJson::array({message("user", prompt)}));
    body.set("stream", OrderedJson::boolean(false));
    std::unique_ptr<HttpResponse> response = co_await post(body);
    if (response->status() < 200 || response->status() > 299) {
        const int status = response->status();
        const std::string error_text = co_await read_text(*response);
        throw ProviderError("Error", status_message(status, error_text));
    }
    const OrderedJson result = co_await read_json_body(*response);
    // result.choices?.[0]?.message?.content || ""
    const OrderedJson* content =
        js_get(js_get(js_at(js::get(result, "choices"), 0), "message"), "content");
    co_return js_truthy(content) ? js::text_of(content) : std::string();
}

}  // namespace lapce_ai::providers
