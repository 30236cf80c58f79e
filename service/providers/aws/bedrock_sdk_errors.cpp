#include "bedrock_sdk_errors.h"

#include <QRegularExpression>
#include <algorithm>
#include <array>

#include "js_json_parse.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

struct ModeledException {
    std::string_view code;
    std::string_view fault;
};

// The exceptions de_CommandError knows for ConverseStream and Converse.
constexpr std::array<ModeledException, 12> kModeledExceptions = {{
    {"AccessDeniedException", "client"},
    {"InternalServerException", "server"},
    {"ResourceNotFoundException", "client"},
    {"ServiceQuotaExceededException", "client"},
    {"ThrottlingException", "client"},
    {"ValidationException", "client"},
    {"ModelErrorException", "client"},
    {"ModelNotReadyException", "client"},
    {"ModelTimeoutException", "client"},
    {"ServiceUnavailableException", "server"},
    {"ModelStreamErrorException", "client"},
    {"ConflictException", "client"},
}};

// The exception events of de_ConverseStreamOutput, by their `:exception-type`.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kStreamExceptions = {{
    {"internalServerException", "InternalServerException"},
    {"modelStreamErrorException", "ModelStreamErrorException"},
    {"validationException", "ValidationException"},
    {"throttlingException", "ThrottlingException"},
    {"serviceUnavailableException", "ServiceUnavailableException"},
}};

std::optional<std::string_view> modeled_fault(std::string_view code) {
    for (const ModeledException& exception : kModeledExceptions) {
        if (exception.code == code) return exception.fault;
    }
    return std::nullopt;
}

std::optional<std::string> header_value(const ResponseHeaders& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (key.toLower().toStdString() == name) return value.toStdString();
    }
    return std::nullopt;
}

// deserializeMetadata
OrderedJson response_metadata(int status, const ResponseHeaders& headers) {
    OrderedJson metadata = OrderedJson::object({});
    metadata.set("httpStatusCode", OrderedJson::number(status));
    std::optional<std::string> request_id = header_value(headers, "x-amzn-requestid");
    if (!request_id) request_id = header_value(headers, "x-amzn-request-id");
    if (!request_id) request_id = header_value(headers, "x-amz-request-id");
    if (request_id) metadata.set("requestId", OrderedJson::string(*request_id));
    if (auto id2 = header_value(headers, "x-amz-id-2"))
        metadata.set("extendedRequestId", OrderedJson::string(*id2));
    if (auto cf_id = header_value(headers, "x-amz-cf-id"))
        metadata.set("cfId", OrderedJson::string(*cf_id));
    return metadata;
}

// middleware-serde's $metadata for a response it could not deserialize: headers found by
// pattern, the first in arrival order.
OrderedJson deserializer_metadata(int status, const ResponseHeaders& headers) {
    const auto find_header = [&](const QRegularExpression& pattern) -> std::optional<std::string> {
        for (const auto& [key, value] : headers) {
            if (pattern.match(QString::fromLatin1(key)).hasMatch()) return value.toStdString();
        }
        return std::nullopt;
    };
    static const QRegularExpression request_id(QStringLiteral(R"(^x-[\w-]+-request-?id\z)"));
    static const QRegularExpression id2(QStringLiteral(R"(^x-[\w-]+-id-2\z)"));
    static const QRegularExpression cf_id(QStringLiteral(R"(^x-[\w-]+-cf-id\z)"));
    OrderedJson metadata = OrderedJson::object({});
    metadata.set("httpStatusCode", OrderedJson::number(status));
    if (auto value = find_header(request_id))
        metadata.set("requestId", OrderedJson::string(*value));
    if (auto value = find_header(id2))
        metadata.set("extendedRequestId", OrderedJson::string(*value));
    if (auto value = find_header(cf_id)) metadata.set("cfId", OrderedJson::string(*value));
    return metadata;
}

void set_extra(ProviderError& error, const std::string& key, OrderedJson value) {
    if (!error.extra.is_object()) error.extra = OrderedJson::object({});
    error.extra.set(key, std::move(value));
}

// An Error whose `name` property was changed from its class's.
ProviderError renamed_error(std::string class_name, const std::string& name, std::string message) {
    ProviderError error(class_name, std::move(message));
    if (name != class_name) set_extra(error, "error_name", OrderedJson::string(name));
    return error;
}

// The exception's message after `new X({...take(body, {message: expectString})})` and
// decorateServiceException(exception, body).
std::string exception_message(const OrderedJson& body) {
    const OrderedJson* message = body.find("message");
    if (message != nullptr) {
        if (message->is_string() && !message->as_string().empty()) return message->as_string();
        if (message->type() == OrderedJson::Type::Number ||
            message->type() == OrderedJson::Type::Boolean)
            return json::js_to_string(*message);
    }
    if (const OrderedJson* upper = body.find("Message"); upper && json::js_truthy(*upper))
        return json::js_to_string(*upper);
    return "UnknownError";
}

ProviderError service_exception(std::string_view code, std::string_view fault,
                                const OrderedJson& body, OrderedJson metadata) {
    ProviderError error(std::string(code), exception_message(body));
    set_extra(error, "$fault", OrderedJson::string(std::string(fault)));
    if (!metadata.members().empty()) set_extra(error, "$metadata", std::move(metadata));
    return error;
}

// sanitizeErrorCode of loadRestJsonErrorCode.
std::string sanitize_error_code(std::string value) {
    if (const std::size_t comma = value.find(','); comma != std::string::npos)
        value = value.substr(0, comma);
    if (const std::size_t colon = value.find(':'); colon != std::string::npos)
        value = value.substr(0, colon);
    if (const std::size_t hash = value.find('#'); hash != std::string::npos) {
        const std::size_t next = value.find('#', hash + 1);
        value =
            value.substr(hash + 1, next == std::string::npos ? std::string::npos : next - hash - 1);
    }
    return value;
}

std::optional<std::string> code_text(const OrderedJson& value) {
    if (value.is_string()) return value.as_string();
    if (value.type() == OrderedJson::Type::Number) return json::js_to_string(value);
    return std::nullopt;
}

// loadRestJsonErrorCode: the x-amzn-errortype header, else the body's `code` (any case), else
// its `__type`.
std::optional<std::string> load_rest_json_error_code(const ResponseHeaders& headers,
                                                     const OrderedJson& body) {
    if (auto type = header_value(headers, "x-amzn-errortype")) return sanitize_error_code(*type);
    if (!body.is_object()) return std::nullopt;
    for (const json::OrderedJsonMember& member : body.members()) {
        if (QString::fromStdString(member.key).toLower() == QStringLiteral("code")) {
            if (auto text = code_text(member.value)) return sanitize_error_code(*text);
            break;
        }
    }
    if (const OrderedJson* type = body.find("__type"))
        if (auto text = code_text(*type)) return sanitize_error_code(*text);
    return std::nullopt;
}

// The TypeError of `value.message = value.message ?? value.Message` on a parsed body that is not
// an object: null fails on the read of the right-hand side, primitives on the assignment.
std::optional<ProviderError> set_message_error(const OrderedJson& value) {
    switch (value.type()) {
        case OrderedJson::Type::Null:
            return ProviderError("TypeError", "Cannot read properties of null (reading 'message')");
        case OrderedJson::Type::Boolean:
        case OrderedJson::Type::Number:
            return ProviderError(
                "TypeError",
                "Cannot create property 'message' on " +
                    std::string(value.type() == OrderedJson::Type::Number ? "number" : "boolean") +
                    " '" + json::js_to_string(value) + "'");
        case OrderedJson::Type::String:
            return ProviderError("TypeError", "Cannot create property 'message' on string '" +
                                                  value.as_string() + "'");
        default:
            return std::nullopt;
    }
}

}  // namespace

std::string js_error_name(const ProviderError& error) {
    if (error.extra.is_object()) {
        if (const OrderedJson* name = error.extra.find("error_name"); name && name->is_string())
            return name->as_string();
    }
    return error.name();
}

std::optional<double> aws_error_http_status_code(const ProviderError& error) {
    if (!error.extra.is_object()) return std::nullopt;
    const OrderedJson* metadata = error.extra.find("$metadata");
    if (metadata == nullptr) return std::nullopt;
    const OrderedJson* status = metadata->find("httpStatusCode");
    if (status == nullptr || status->type() != OrderedJson::Type::Number) return std::nullopt;
    return status->as_number();
}

void set_aws_error_metadata(ProviderError& error, const std::string& key, OrderedJson value) {
    if (!error.extra.is_object()) error.extra = OrderedJson::object({});
    OrderedJson metadata =
        error.extra.find("$metadata") ? *error.extra.find("$metadata") : OrderedJson::object({});
    metadata.set(key, std::move(value));
    error.extra.set("$metadata", std::move(metadata));
}

ProviderError deserialize_bedrock_http_error(int status, const ResponseHeaders& headers,
                                             const QByteArray& body_bytes) {
    // parseJsonErrorBody; a body that is not JSON fails inside the deserializer, and
    // middleware-serde adds its hint and the $metadata it finds.
    std::optional<ProviderError> failure;
    OrderedJson body = OrderedJson::object({});
    if (!body_bytes.isEmpty()) {
        auto parsed = json::js_json_parse(QString::fromUtf8(body_bytes).toStdString());
        if (!parsed) {
            failure = ProviderError("SyntaxError", parsed.error());
        } else {
            body = std::move(*parsed);
            failure = set_message_error(body);
        }
    }
    if (failure) return wrap_deserialization_error(*failure, status, headers);
    // value.message = value.message ?? value.Message
    if (const OrderedJson* message = body.find("message");
        body.is_object() && (message == nullptr || message->is_null())) {
        if (const OrderedJson* upper = body.find("Message")) body.set("message", *upper);
    }

    const std::optional<std::string> error_code = load_rest_json_error_code(headers, body);
    if (error_code) {
        if (const auto fault = modeled_fault(*error_code))
            return service_exception(*error_code, *fault, body, response_metadata(status, headers));
    }
    // throwDefaultError with BedrockRuntimeServiceException.
    std::string name = "UnknownError";
    const OrderedJson* code = body.is_object() ? body.find("code") : nullptr;
    const OrderedJson* upper_code = body.is_object() ? body.find("Code") : nullptr;
    if (code && json::js_truthy(*code)) {
        name = json::js_to_string(*code);
    } else if (upper_code && json::js_truthy(*upper_code)) {
        name = json::js_to_string(*upper_code);
    } else if (error_code && !error_code->empty()) {
        name = *error_code;
    } else if (status != 0) {
        name = std::to_string(status);
    }
    ProviderError error =
        renamed_error("BedrockRuntimeServiceException", name,
                      body.is_object() ? exception_message(body) : "UnknownError");
    set_extra(error, "$fault", OrderedJson::string("client"));
    set_extra(error, "$metadata", response_metadata(status, headers));
    return error;
}

ProviderError wrap_deserialization_error(const ProviderError& error, int status,
                                         const ResponseHeaders& headers) {
    if (error.extra.is_object() && error.extra.find("$metadata") != nullptr) return error;
    ProviderError wrapped(error.name(),
                          error.message() +
                              "\n  Deserialization error: to see the raw response, inspect the "
                              "hidden field {error}.$response on this object.");
    wrapped.extra = error.extra;
    wrapped.code = error.code;
    set_extra(wrapped, "$metadata", deserializer_metadata(status, headers));
    return wrapped;
}

ProviderError bedrock_stream_exception(const EventStreamMessage& message) {
    const std::string message_type = message.string_header(":message-type");
    if (message_type == "error") {
        std::string text = message.string_header(":error-message");
        return renamed_error("Error", message.string_header(":error-code"),
                             text.empty() ? "UnknownError" : text);
    }
    const std::string code = message.string_header(":exception-type");
    for (const auto& [event, class_name] : kStreamExceptions) {
        if (event != code) continue;
        OrderedJson body = OrderedJson::object({});
        if (!message.body.isEmpty()) {
            auto parsed = json::js_json_parse(QString::fromUtf8(message.body).toStdString());
            if (!parsed) return ProviderError("SyntaxError", parsed.error());
            body = std::move(*parsed);
        }
        // Event messages have no status and no request id: $metadata is all undefined.
        return service_exception(class_name, *modeled_fault(class_name), body,
                                 OrderedJson::object({}));
    }
    return renamed_error("Error", code, QString::fromUtf8(message.body).toStdString());
}

ProviderError node_http2_error(const TransportError& error) {
    const auto with_code = [](std::string message, const char* code) {
        ProviderError node_error("Error", std::move(message));
        node_error.code = OrderedJson::string(code);
        return node_error;
    };
    switch (error.kind()) {
        case TransportError::Kind::ConnectionRefused:
            return with_code("connect ECONNREFUSED " + error.host_port(), "ECONNREFUSED");
        case TransportError::Kind::HostNotFound: {
            const std::string host = error.host_port().substr(0, error.host_port().rfind(':'));
            return with_code("getaddrinfo ENOTFOUND " + host, "ENOTFOUND");
        }
        case TransportError::Kind::ClosedBeforeResponse:
            return with_code("socket hang up", "ECONNRESET");
        case TransportError::Kind::ClosedMidBody:
            return with_code("Premature close", "ERR_STREAM_PREMATURE_CLOSE");
        case TransportError::Kind::Timeout:
            return renamed_error("Error", "AbortError", "Request aborted");
        case TransportError::Kind::Tls:
        case TransportError::Kind::Other:
            break;
    }
    return ProviderError("Error", error.detail());
}

std::string aws_retry_error_type(const ProviderError& error) {
    static constexpr std::array<std::string_view, 14> kThrottlingErrorCodes = {
        "BandwidthLimitExceeded",
        "EC2ThrottledException",
        "LimitExceededException",
        "PriorRequestNotComplete",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "ThrottledException",
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
        "TransactionInProgressException"};
    static constexpr std::array<std::string_view, 3> kTransientErrorCodes = {
        "TimeoutError", "RequestTimeout", "RequestTimeoutException"};
    static constexpr std::array<std::string_view, 7> kNodeErrorCodes = {
        "ECONNRESET",   "ECONNREFUSED", "EPIPE",    "ETIMEDOUT",
        "EHOSTUNREACH", "ENETUNREACH",  "ENOTFOUND"};
    const auto contains = [](const auto& list, std::string_view value) {
        return std::find(list.begin(), list.end(), value) != list.end();
    };
    const std::string name = js_error_name(error);
    const std::optional<double> status = aws_error_http_status_code(error);
    if (status == 429 || contains(kThrottlingErrorCodes, name)) return "THROTTLING";

    bool clock_skew_corrected = false;
    if (error.extra.is_object()) {
        if (const OrderedJson* metadata = error.extra.find("$metadata")) {
            const OrderedJson* corrected = metadata->find("clockSkewCorrected");
            clock_skew_corrected = corrected && json::js_truthy(*corrected);
        }
    }
    const std::string code = error.code.is_string() ? error.code.as_string() : std::string();
    const bool transient =
        clock_skew_corrected || contains(kTransientErrorCodes, name) ||
        contains(kNodeErrorCodes, code) ||
        (status && (*status == 500 || *status == 502 || *status == 503 || *status == 504));
    if (transient) return "TRANSIENT";
    if (status && *status >= 500 && *status <= 599) return "SERVER_ERROR";
    return "CLIENT_ERROR";
}

}  // namespace lapce_ai::providers
