#include "anthropic_stream.h"

#include <array>
#include <string_view>

#include "fetch_errors.h"
#include "js_json_parse.h"
#include "provider_error.h"
#include "sse_message_reader.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

bool is_data_event(const std::optional<std::string>& event) {
    static constexpr std::array<std::string_view, 7> kDataEvents = {
        "completion",          "message_start",       "message_delta",     "message_stop",
        "content_block_start", "content_block_delta", "content_block_stop"};
    if (!event) return false;
    for (const std::string_view name : kDataEvents) {
        if (*event == name) return true;
    }
    return false;
}

// APIError.generate(undefined, `SSE Error: ${data}`, data, headers).
ProviderError sse_error_event(const std::string& data) {
    ProviderError thrown("APIConnectionError", data.empty() ? "Connection error." : data);
    thrown.cause = OrderedJson::object({});
    thrown.cause.set("name", OrderedJson::string("Error"));
    thrown.cause.set("message", OrderedJson::string("SSE Error: " + data));
    return thrown;
}

}  // namespace

AnthropicEventStream::AnthropicEventStream(std::unique_ptr<HttpResponse> response)
    : response_(std::move(response)),
      reader_(std::make_unique<SseMessageReader>(*response_, SseDecoder::Dialect::AnthropicSdk)) {}

AnthropicEventStream::~AnthropicEventStream() = default;

Task<std::optional<OrderedJson>> AnthropicEventStream::next() {
    for (;;) {
        const SseMessage* sse = nullptr;
        std::optional<ProviderError> failure;
        try {
            sse = co_await reader_->next();
        } catch (const TransportError& error) {
            failure = node_fetch_body_stream_error(error);
        }
        if (failure) throw *failure;
        if (!sse) co_return std::nullopt;
        if (is_data_event(sse->event)) {
            auto parsed = json::js_json_parse(sse->data);
            if (!parsed) throw ProviderError("SyntaxError", parsed.error());
            co_return std::move(*parsed);
        }
        if (sse->event == "error") throw sse_error_event(sse->data);
    }
}

Task<OrderedJson> read_anthropic_response(HttpResponse& response, std::string url) {
    const QByteArray content_type = response.header("content-type").value_or(QByteArray());
    const bool is_json = content_type.contains("application/json") ||
                         content_type.contains("application/vnd.api+json");
    QByteArray body;
    std::optional<ProviderError> failure;
    try {
        body = co_await response.read_all();
    } catch (const TransportError& error) {
        failure = node_fetch_consume_body_error(error, url);
    }
    if (failure) throw *failure;
    // buffer.toString(): UTF-8 with U+FFFD for invalid sequences.
    const std::string text = QString::fromUtf8(body).toStdString();
    if (!is_json) co_return OrderedJson::string(text);
    auto parsed = json::js_json_parse(text);
    if (!parsed)
        throw ProviderError("FetchError",
                            "invalid json response body at " + url + " reason: " + parsed.error());
    co_return std::move(*parsed);
}

}  // namespace lapce_ai::providers
