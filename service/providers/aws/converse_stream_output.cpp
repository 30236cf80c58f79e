#include "converse_stream_output.h"

#include <QString>

#include "bedrock_sdk_errors.h"
#include "js_json_parse.h"
#include "sdk_shapes.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson de_reasoning_content_block_delta(const OrderedJson& output) {
    if (const OrderedJson* redacted = output.find("redactedContent");
        redacted && !redacted->is_null())
        return OrderedJson::object({{"redactedContent", *redacted}});
    if (auto signature = sdk::expect_string(output.find("signature")))
        return OrderedJson::object({{"signature", OrderedJson::string(*signature)}});
    if (auto text = sdk::expect_string(output.find("text")))
        return OrderedJson::object({{"text", OrderedJson::string(*text)}});
    return sdk::unknown_union_member(output);
}

OrderedJson de_content_block_delta(const OrderedJson& output) {
    if (const OrderedJson* citation = output.find("citation"); citation && !citation->is_null())
        return OrderedJson::object({{"citation", sdk::json_shape(*citation)}});
    if (const OrderedJson* reasoning = output.find("reasoningContent");
        reasoning && !reasoning->is_null())
        return OrderedJson::object({{"reasoningContent", de_reasoning_content_block_delta(
                                                             sdk::aws_expect_union(*reasoning))}});
    if (auto text = sdk::expect_string(output.find("text")))
        return OrderedJson::object({{"text", OrderedJson::string(*text)}});
    if (const OrderedJson* tool_use = output.find("toolUse"); tool_use && !tool_use->is_null())
        return OrderedJson::object({{"toolUse", sdk::json_shape(*tool_use)}});
    return sdk::unknown_union_member(output);
}

OrderedJson de_content_block_delta_event(const OrderedJson& output) {
    OrderedJson event = OrderedJson::object({});
    if (const OrderedJson* index = sdk::present(output, "contentBlockIndex"))
        event.set("contentBlockIndex", OrderedJson::number(sdk::expect_int32(*index)));
    if (const OrderedJson* delta = sdk::present(output, "delta"))
        event.set("delta", de_content_block_delta(sdk::aws_expect_union(*delta)));
    return event;
}

OrderedJson de_message_stop_event(const OrderedJson& output) {
    OrderedJson event = OrderedJson::object({});
    if (const OrderedJson* fields = sdk::present(output, "additionalModelResponseFields"))
        event.set("additionalModelResponseFields", *fields);
    if (const OrderedJson* reason = sdk::present(output, "stopReason"))
        event.set("stopReason", OrderedJson::string(*sdk::expect_string(reason)));
    return event;
}

OrderedJson de_converse_stream_metadata_event(const OrderedJson& output) {
    OrderedJson event = OrderedJson::object({});
    if (const OrderedJson* metrics = sdk::present(output, "metrics"))
        event.set("metrics", sdk::json_shape(*metrics));
    if (const OrderedJson* config = sdk::present(output, "performanceConfig"))
        event.set("performanceConfig", sdk::json_shape(*config));
    if (const OrderedJson* trace = sdk::present(output, "trace")) {
        OrderedJson converted = OrderedJson::object({});
        // The guardrail assessment's own deserializer only converts its members' types; the
        // handler never reads it.
        if (const OrderedJson* guardrail = sdk::present(*trace, "guardrail"))
            converted.set("guardrail", sdk::json_shape(*guardrail));
        if (const OrderedJson* router = sdk::present(*trace, "promptRouter"))
            converted.set("promptRouter", sdk::json_shape(*router));
        event.set("trace", std::move(converted));
    }
    if (const OrderedJson* usage = sdk::present(output, "usage"))
        event.set("usage", sdk::json_shape(*usage));
    return event;
}

// parseJsonBody: an empty body is {}.
OrderedJson parse_json_body(const QByteArray& body) {
    if (body.isEmpty()) return OrderedJson::object({});
    auto parsed = json::js_json_parse(QString::fromUtf8(body).toStdString());
    if (!parsed) throw ProviderError("SyntaxError", parsed.error());
    return std::move(*parsed);
}

}  // namespace

std::optional<OrderedJson> deserialize_converse_stream_event(const EventStreamMessage& message) {
    const std::string type = message.string_header(":event-type");
    OrderedJson data;
    if (type == "messageStart" || type == "contentBlockStart" || type == "contentBlockStop") {
        data = sdk::json_shape(parse_json_body(message.body));
    } else if (type == "contentBlockDelta") {
        data = de_content_block_delta_event(parse_json_body(message.body));
    } else if (type == "messageStop") {
        data = de_message_stop_event(parse_json_body(message.body));
    } else if (type == "metadata") {
        data = de_converse_stream_metadata_event(parse_json_body(message.body));
    } else {
        return std::nullopt;
    }
    return OrderedJson::object({{type, std::move(data)}});
}

ConverseStreamOutput::ConverseStreamOutput(std::unique_ptr<HttpResponse> response)
    : response_(std::move(response)) {}

ConverseStreamOutput::~ConverseStreamOutput() = default;

Task<std::optional<OrderedJson>> ConverseStreamOutput::next() {
    while (true) {
        while (next_pending_ < pending_.size()) {
            const EventStreamMessage message = std::move(pending_[next_pending_++]);
            const std::string message_type = message.string_header(":message-type");
            if (message_type == "error" || message_type == "exception")
                throw bedrock_stream_exception(message);
            if (message_type != "event")
                throw ProviderError(
                    "Error", "Unrecognizable event type: " + message.string_header(":event-type"));
            if (std::optional<OrderedJson> event = deserialize_converse_stream_event(message))
                co_return event;
        }
        pending_.clear();
        next_pending_ = 0;
        if (deferred_error_) {
            const EventStreamError error = *deferred_error_;
            deferred_error_.reset();
            throw error;
        }
        if (ended_) co_return std::nullopt;

        std::optional<QByteArray> bytes;
        std::optional<ProviderError> failure;
        try {
            bytes = co_await response_->read_some();
        } catch (const TransportError& error) {
            failure = node_http2_error(error);
        }
        if (failure) throw *failure;
        if (!bytes) {
            ended_ = true;
            decoder_.finish();
            continue;
        }
        // The messages completed before a malformed one are delivered first, as in the SDK.
        try {
            decoder_.feed(*bytes, [&](EventStreamMessage&& message) {
                pending_.push_back(std::move(message));
            });
        } catch (const EventStreamError& error) {
            deferred_error_ = error;
        }
    }
}

}  // namespace lapce_ai::providers
