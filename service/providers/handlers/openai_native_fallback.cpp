// OpenAiNativeHandler.makeGpt5ResponsesAPIRequest: when the SDK call failed (after its
// retries), the reference posts the same body once more with a plain fetch to
// `{openAiNativeBaseUrl || https://api.openai.com}/v1/responses` — so `/v1/v1/responses` when
// the configured base already ends in `/v1` — and reads the stream with its own line reader.

#include <chrono>

#include "fetch_errors.h"
#include "js_json_parse.h"
#include "json_access.h"
#include "openai_native_handler.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// undici's default headersTimeout: fetch gives up on a response that has not started by then.
constexpr std::chrono::milliseconds kFetchHeadersTimeout{300'000};

bool is_ok(int status) {
    return status >= 200 && status <= 299;
}

// Responses to which fetch gives no body stream (`response.body` is null).
bool has_null_body(int status) {
    return status == 101 || status == 103 || status == 204 || status == 205 || status == 304;
}

// The error body's message: `error.message`, else `message`, else the text itself.
std::string error_details_of(const std::string& error_text) {
    auto parsed = json::js_json_parse(error_text);
    if (!parsed || parsed->is_null()) return error_text;
    if (const OrderedJson* message = js_get(js_get(&*parsed, "error"), "message");
        js_truthy(message))
        return json::js_to_string(*message);
    if (const OrderedJson* message = js_get(&*parsed, "message"); js_truthy(message))
        return json::js_to_string(*message);
    return error_text;
}

std::string friendly_status_message(int status) {
    switch (status) {
        case 400:
            return "Invalid request to Responses API. Please check your input parameters.";
        case 401:
            return "Authentication failed. Please check your OpenAI API key.";
        case 403:
            return "Access denied. Your API key may not have access to this endpoint.";
        case 404:
            return "Responses API endpoint not found. The endpoint may not be available yet or "
                   "requires a different configuration.";
        case 429:
            return "Rate limit exceeded. Please try again later.";
        case 500:
        case 502:
        case 503:
            return "OpenAI service error. Please try again later.";
        default:
            return "Responses API error (" + std::to_string(status) + ")";
    }
}

}  // namespace

Task<std::unique_ptr<HttpResponse>> OpenAiNativeHandler::post_responses(const std::string& url,
                                                                        const OrderedJson& body) {
    const std::string api_key = options_.string("openAiNativeApiKey").value_or("not-provided");
    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QString::fromStdString(url));
    request.set_header("Content-Type", "application/json");
    request.set_header("Authorization", QByteArray::fromStdString("Bearer " + api_key));
    request.set_header("Accept", "text/event-stream");
    request.body = QByteArray::fromStdString(json::json_stringify(body));
    request.timeout = kFetchHeadersTimeout;
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

Task<void> OpenAiNativeHandler::fetch_and_stream(const OrderedJson& request_body,
                                                 const ApiModel& model,
                                                 const std::string& system_prompt,
                                                 const OrderedJson& messages, ChunkSink& sink) {
    const std::string base_url = options_.truthy("openAiNativeBaseUrl")
                                     ? *options_.string("openAiNativeBaseUrl")
                                     : std::string("https://api.openai.com");
    const std::string url = base_url + "/v1/responses";

    std::unique_ptr<HttpResponse> response = co_await post_responses(url, request_body);
    if (!is_ok(response->status())) {
        std::string error_text;
        std::optional<ProviderError> failure;
        try {
            error_text = (co_await response->read_all()).toStdString();
        } catch (const TransportError& error) {
            failure = undici_fetch_error(error);
        }
        if (failure) throw *failure;
        const std::string error_details = error_details_of(error_text);
        const bool is_previous_response_error =
            error_details.find("Previous response") != std::string::npos ||
            error_details.find("not found") != std::string::npos;

        if (response->status() == 400 && js_truthy(request_body.find("previous_response_id")) &&
            is_previous_response_error) {
            // Retry with the full conversation instead of the unknown previous response.
            last_response_id_.reset();
            resolve_response_id(std::nullopt);  // unblocks a request waiting for the id
            const OrderedJson retry_request_body =
                retry_body_without_previous_response(request_body, system_prompt, messages);
            std::unique_ptr<HttpResponse> retry_response =
                co_await post_responses(url, retry_request_body);
            if (!is_ok(retry_response->status()))
                throw ProviderError("Error", "Responses API retry failed (" +
                                                 std::to_string(retry_response->status()) + ")");
            if (has_null_body(retry_response->status()))
                throw ProviderError("Error",
                                    "Responses API error: No response body from retry request");
            co_await handle_stream_response(*retry_response, model, *this, sink);
            co_return;
        }

        std::string error_message = friendly_status_message(response->status());
        if (!error_details.empty()) error_message += " - " + error_details;
        throw ProviderError("Error", error_message);
    }
    if (has_null_body(response->status()))
        throw ProviderError("Error", "Responses API error: No response body");
    co_await handle_stream_response(*response, model, *this, sink);
}

Task<void> OpenAiNativeHandler::make_gpt5_responses_api_request(OrderedJson request_body,
                                                                const ApiModel& model,
                                                                const std::string& system_prompt,
                                                                const OrderedJson& messages,
                                                                ChunkSink& sink) {
    std::optional<ProviderError> failure;
    try {
        co_await fetch_and_stream(request_body, model, system_prompt, messages, sink);
    } catch (const ProviderError& error) {
        failure = error;
    }
    if (!failure) co_return;
    // Messages that already name the Responses API are passed on as they are.
    if (failure->message().find("Responses API") != std::string::npos) throw *failure;
    throw ProviderError("Error", "Failed to connect to Responses API: " + failure->message());
}

}  // namespace lapce_ai::providers
